/** The part of shpjs (no types of its own) the project uses: a zipped Shapefile (or its parts) to GeoJSON. */
declare module "shpjs" {
  export default function shp(zip: ArrayBuffer | Uint8Array): Promise<GeoJSON.FeatureCollection | (GeoJSON.FeatureCollection & { fileName: string })[]>;
}
