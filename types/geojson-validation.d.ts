// geojson-validation 1.0.2 ships no types. Only what the importer calls is declared; with trace=true each check
// returns the list of problems (empty when valid) instead of a boolean.
declare module "geojson-validation" {
  interface GeoJsonValidation {
    valid(object: unknown, trace?: false): boolean;
    valid(object: unknown, trace: true): string[];
    isFeature(object: unknown, trace?: false): boolean;
    isFeature(object: unknown, trace: true): string[];
  }
  const geojsonValidation: GeoJsonValidation;
  export = geojsonValidation;
}
