export * from './client';
export * from './errors';
export * from './filter';
export * from './paging';
export * from './retry';
export * from './concurrency';
export * from './serverUrl';
