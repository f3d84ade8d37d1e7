import { Chart, type ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import { RUNNING_IMAGE_KEY, runningImageConfigMapName } from '../domain/naming';
import { MANAGED_BY } from './labels';

const { k8s } = kplus;

export interface RunningImageChartProps extends ChartProps {
  readonly service: string;
  readonly environment: string;
  /** The config's image: what the first deploy runs. */
  readonly configImage: string;
}

/**
 * Where a delivered service's running image is recorded, one ConfigMap per environment. The
 * cluster stack creates it with the config's image; delivery rewrites it with every commit it
 * deploys; the stack reads it back when it applies the service again. Its manifest changes only
 * when the config's image changes, which is then a deliberate deploy of that image.
 */
export class RunningImageChart extends Chart {
  constructor(scope: Construct, id: string, props: RunningImageChartProps) {
    super(scope, id, { ...props, labels: { ...MANAGED_BY, ...props.labels } });
    new k8s.KubeConfigMap(this, 'RunningImage', {
      metadata: { name: runningImageConfigMapName(props.service), namespace: props.environment },
      data: { [RUNNING_IMAGE_KEY]: props.configImage },
    });
  }
}
