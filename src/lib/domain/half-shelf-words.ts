/**
 * "Half-shelf" in plain words, wherever a customer is asked for a size or shown one. Its own
 * module so the public request page can show it without loading all the message copy.
 */
export const HALF_SHELF_HELP =
	'A half-shelf is half of one shelf inside the kiln: about room for four mugs or two small bowls. Most people need one or two.';
