export * from './bytes.js';
export * from './references.js';
export * from './routes.js';
export * from './schemas/disk.js';
export * from './schemas/error.js';
export * from './schemas/events.js';
export * from './schemas/health.js';
export * from './schemas/images.js';
