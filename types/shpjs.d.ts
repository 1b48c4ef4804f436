/** The parts of shpjs (no types of its own) the project uses: a zipped Shapefile, or its .shp and .dbf alone, to GeoJSON. */
declare module "shpjs" {
  export default function shp(zip: ArrayBuffer | Uint8Array): Promise<GeoJSON.FeatureCollection | (GeoJSON.FeatureCollection & { fileName: string })[]>;
  /** The shapes of a .shp in its own coordinates (reprojected when a .prj text is given); null for a null shape. */
  export function parseShp(shp: ArrayBuffer | ArrayBufferView, prj?: string): (GeoJSON.Geometry | null)[];
  /** The rows of a .dbf, its text decoded with the TextDecoder label `cpg` (default UTF-8); numbers are NaN when empty. */
  export function parseDbf(dbf: ArrayBuffer | ArrayBufferView, cpg?: string): Record<string, string | number | boolean | Date>[];
}
