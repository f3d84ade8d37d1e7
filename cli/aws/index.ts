export * from './aws-error';
export * from './clients';
export * from './throttling';
