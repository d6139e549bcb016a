export { fileNames } from './artifact';
export {
	buildBundle,
	summarize,
	type ContinuityBundle,
	type ExportProgress,
	type ExportWarning,
	type Summary
} from './bundle';
export { buildDatasets, type ExportSource } from './datasets';
export { bundleFiles, readBundleFiles, unzipBundle, zipBundle, type ReadFiles } from './files';
export * from './format';
export { verifyBundle, rowKey } from './verify';
