export { artifactIdFor, fileNames, safeStem } from './artifact';
export {
	buildBundle,
	signatureOf,
	signedText,
	summarize,
	type BuildOptions,
	type ContinuityBundle,
	type ExportHeader,
	type ExportProgress,
	type ExportWarning,
	type Summary
} from './bundle';
export { canonicalJson } from './canonical';
export { parseCsv, toCsv } from './csv';
export { buildDatasets, iso, type ExportSource } from './datasets';
export {
	bundleFiles,
	readBundleFiles,
	unzipBundle,
	zipBundle,
	type BundleFile,
	type ReadFiles
} from './files';
export * from './format';
export { verifyBundle, rowKey, type Difference, type VerifyOutcome } from './verify';
