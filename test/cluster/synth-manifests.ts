import { renameSync, writeFileSync } from 'node:fs';
import { loadConfigFile } from '../../config';
import { synthClusterManifests } from './applied-manifests';

/**
 * Child process of cachedClusterManifests: synthesizes the stacks of one config file and writes
 * each cluster's manifests, in apply order, as JSON.
 *
 * Usage: node --import tsx synth-manifests.ts <config file> <output json>
 */
const [configFile, output] = process.argv.slice(2);
const manifests = synthClusterManifests(loadConfigFile(configFile));
// Written aside and renamed: a reader never sees half a file.
const temp = `${output}.${process.pid}.tmp`;
writeFileSync(temp, JSON.stringify(manifests));
renameSync(temp, output);
