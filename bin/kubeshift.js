#!/usr/bin/env node
// The `kubeshift` bin entry: runs the TypeScript entry point through tsx, without a build step.
require('tsx/cjs');
require('./kubeshift.ts');
