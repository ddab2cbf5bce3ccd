import type { CheckDefinition } from '../../src/model/check.js';
import { accessAnalyzerEnabledAllRegions } from './enabled-all-regions.js';

/** Every IAM Access Analyzer check. Metadata for each id lives in config/checks/aws-accessanalyzer.yaml. */
export const awsAccessAnalyzerChecks: readonly CheckDefinition[] = [accessAnalyzerEnabledAllRegions];
