import { awsIamChecks } from '../../checks/aws-iam/index.js';
import { awsIamCollector } from '../../collectors/aws-iam/collector.js';
import { awsS3Checks } from '../../checks/aws-s3/index.js';
import { awsS3Collector } from '../../collectors/aws-s3/collector.js';
import { awsConfigChecks } from '../../checks/aws-config/index.js';
import { awsConfigCollector } from '../../collectors/aws-config/collector.js';
import { awsCloudTrailChecks } from '../../checks/aws-cloudtrail/index.js';
import { awsCloudTrailCollector } from '../../collectors/aws-cloudtrail/collector.js';
import { awsAccessAnalyzerChecks } from '../../checks/aws-accessanalyzer/index.js';
import { awsAccessAnalyzerCollector } from '../../collectors/aws-accessanalyzer/collector.js';
import { githubChecks } from '../../checks/github/index.js';
import { githubCollector } from '../../collectors/github/collector.js';
import { awsOrganizationsDiscovery } from '../../collectors/aws-organizations/discovery.js';
import type { ScopeDiscoveryDefinition } from '../model/discovery.js';
import { CatalogError } from '../catalog/errors.js';
import { loadCheckMetadata } from '../catalog/check-metadata.js';
import { findConfigDir } from '../catalog/config-dir.js';
import { loadFrameworks } from '../catalog/frameworks.js';
import type { AppConfig } from '../config/schema.js';
import type { CheckDefinition } from '../model/check.js';
import { buildRegistry, RegistryError, type AnyCollector, type Registry } from './validate.js';

/**
 * The EXPLICIT lists of what controlwatch runs. No directory scanning or decorators: adding a collector or a
 * check is one import and one line here, and what runs is whatever this file says — reviewable in a diff.
 */
export const COLLECTORS: readonly AnyCollector[] = [awsIamCollector, awsS3Collector, awsConfigCollector, awsCloudTrailCollector, awsAccessAnalyzerCollector, githubCollector];

/** Scope discoveries: each finds scopes the config does not list, before collection starts. */
export const DISCOVERERS: readonly ScopeDiscoveryDefinition<AppConfig>[] = [awsOrganizationsDiscovery];

export const CHECKS: readonly CheckDefinition[] = [...awsIamChecks, ...awsS3Checks, ...awsConfigChecks, ...awsCloudTrailChecks, ...awsAccessAnalyzerChecks, ...githubChecks];

/**
 * Load the framework catalogs and check metadata from config/, merge the user's parameter overrides over the
 * defaults, validate everything together and return the registry — or throw one RegistryError listing every
 * problem (catalog file errors included).
 */
export function loadRegistry(config: AppConfig, options: { configDir?: string } = {}): Registry {
  const configDir = options.configDir ?? findConfigDir();
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (err) {
      if (err instanceof CatalogError) {
        problems.push(...err.problems);
        return undefined;
      }
      throw err;
    }
  };
  const frameworks = attempt(() => loadFrameworks(configDir));
  const metadata = attempt(() => loadCheckMetadata(configDir));
  if (!frameworks || !metadata) throw new RegistryError(problems);
  return buildRegistry({ collectors: COLLECTORS, checks: CHECKS, metadata, frameworks }, config);
}
