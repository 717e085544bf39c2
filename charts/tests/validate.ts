// Validates rendered objects against the Kubernetes and Istio OpenAPI schemas that the npm
// packages kubernetes-models and @kubernetes-models/istio carry.
import type { K8sObject } from './helm.ts';

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/** Kinds with no model in either package (prometheus-operator CRDs); checked by shape instead. */
export const NO_MODEL = new Set([
  'monitoring.coreos.com/v1 ServiceMonitor',
  'monitoring.coreos.com/v1 PrometheusRule',
]);

function modulePath(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group?.endsWith('istio.io')) return `@kubernetes-models/istio/${group}/${version}/${kind}`;
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

/** Throws with the object's kind/name and the schema's message when it is invalid. */
export async function validateObject(obj: K8sObject): Promise<void> {
  const id = `${obj.apiVersion} ${obj.kind}`;
  if (NO_MODEL.has(id)) {
    if (!obj.metadata?.name || typeof obj.spec !== 'object')
      throw new Error(`${id} ${obj.metadata?.name}: no spec`);
    return;
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(modulePath(obj.apiVersion, obj.kind))) as Record<string, unknown>;
  } catch {
    throw new Error(
      `${id} ${obj.metadata.name}: no schema for this apiVersion/kind (misspelt or removed API?)`,
    );
  }
  const Cls = mod[obj.kind] as ModelClass | undefined;
  if (!Cls) throw new Error(`${id}: module has no export ${obj.kind}`);
  try {
    new Cls(obj).validate();
  } catch (error) {
    throw new Error(`${id} ${obj.metadata.name}: ${(error as Error).message}`);
  }
}
