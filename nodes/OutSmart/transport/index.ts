export * from './errors';
export * from './retry';
export * from './request';
export * from './batch';
