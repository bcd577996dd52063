export * from '../../modules/areas/areas.schema.ts';
export * from '../../modules/identity/identity.schema.ts';
export * from '../../modules/imports/imports.schema.ts';
export * from '../../modules/orgs/orgs.schema.ts';
export * from '../../modules/registry/registry.schema.ts';
export * from '../../modules/service-points/service-points.schema.ts';
export * from '../audit/audit.schema.ts';
