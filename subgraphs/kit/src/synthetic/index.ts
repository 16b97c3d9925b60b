// Synthetic people and records for demo data and generated load: never real persons.
export * from './citizenships.ts';
export * from './fiscal-code.ts';
export * from './people.ts';
export * from './insert.ts';
