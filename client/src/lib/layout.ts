/**
 * The one breakpoint of the finder's layout, for code that must agree with app.css: from this width the answer is a
 * column beside the map, below it a sheet under the map.
 */
export const WIDE_LAYOUT_QUERY = "(min-width: 768px)";
