{{/*
shopgraph.subgraphs: the seven subgraph services, in port order.
Usage: {{ range (include "shopgraph.subgraphs" . | fromJsonArray) }}
*/}}
{{- define "shopgraph.subgraphs" -}}
{{- list "brands" "products" "inventory" "customers" "orders" "payments" "fulfillment" | toJson -}}
{{- end -}}

{{/*
shopgraph.enabledSubgraphs: the subgraphs whose <name>.enabled is not false.
Usage: {{ range (include "shopgraph.enabledSubgraphs" . | fromJsonArray) }}
*/}}
{{- define "shopgraph.enabledSubgraphs" -}}
{{- $out := list -}}
{{- range (include "shopgraph.subgraphs" . | fromJsonArray) -}}
{{- if ne (dig "enabled" true (index $.Values . | default dict)) false }}{{ $out = append $out . }}{{ end -}}
{{- end -}}
{{- $out | toJson -}}
{{- end -}}

{{/*
shopgraph.labels: recommended labels for an object of the umbrella chart (data stores, mesh
policy, dashboards). Usage: {{ include "shopgraph.labels" (dict "ctx" . "name" "postgresql" "component" "database") }}
*/}}
{{- define "shopgraph.labels" -}}
{{ include "shopgraph.selectorLabels" . }}
app: {{ .name }}
version: {{ .version | default "stable" | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: shopgraph
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version }}
{{- end -}}

{{/*
shopgraph.selectorLabels: stable selector labels for an umbrella workload.
Usage: {{ include "shopgraph.selectorLabels" (dict "ctx" . "name" "kafka") }}
*/}}
{{- define "shopgraph.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- end -}}

{{/*
shopgraph.dataHook: annotations that create a dev data-store object before the migration and
topic hooks (weight -20) and leave it alone afterwards (Helm does not upgrade or delete it).
Usage: {{ include "shopgraph.dataHook" . | nindent 4 }}
*/}}
{{- define "shopgraph.dataHook" -}}
helm.sh/hook: pre-install
helm.sh/hook-weight: "-20"
helm.sh/resource-policy: keep
{{- end -}}

{{/*
shopgraph.dbPassword: derived dev password of a subgraph's database role (dev only).
Usage: {{ include "shopgraph.dbPassword" (dict "ctx" . "name" "orders") }}
*/}}
{{- define "shopgraph.dbPassword" -}}
{{- $seed := .ctx.Values.postgresql.passwordSeed | default (printf "%s/%s" .ctx.Release.Namespace .ctx.Release.Name) -}}
{{- printf "%s/%s" $seed .name | sha256sum | trunc 32 -}}
{{- end -}}

{{/*
shopgraph.kafkaBrokers: KAFKA_BROKERS for the umbrella's own Jobs.
Usage: {{ include "shopgraph.kafkaBrokers" . }}
*/}}
{{- define "shopgraph.kafkaBrokers" -}}
{{- .Values.global.kafka.brokers | default (printf "kafka.%s.svc.%s:9092" .Release.Namespace .Values.global.clusterDomain) -}}
{{- end -}}

{{/*
shopgraph.dataSecurityContext: container securityContext of the data stores and hook Jobs.
Usage: {{ include "shopgraph.dataSecurityContext" (dict "readOnly" true) }}
*/}}
{{- define "shopgraph.dataSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: {{ .readOnly }}
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
shopgraph.eventFlows: who produces and who consumes which producer's events, as the code has it
(packages/events/src/catalog/<producer>.ts; each service's handle(...) calls).
charts/tests/topics.int.test.ts derives the same from the code and fails when they differ, so a
new producer or consumer cannot be forgotten here.
Usage: {{ $flows := include "shopgraph.eventFlows" . | fromYaml }}
*/}}
{{- define "shopgraph.eventFlows" -}}
producers: [brands, products, inventory, customers, orders, payments, fulfillment]
consumers:
  products: [brands, inventory]
  inventory: [orders, payments, fulfillment]
  orders: [products, inventory, customers, payments, fulfillment]
  payments: [inventory, orders, fulfillment]
  fulfillment: [orders, payments]
{{- end -}}

{{/*
shopgraph.kafkaTopics: the topics the hook creates for the enabled subgraphs:
shopgraph.<producer>.events of each enabled producer and of every producer an enabled consumer
reads (so a consumer never waits on a topic of a disabled or not yet deployed service), and
shopgraph.<consumer>.dlq of each enabled consumer. Usage: {{ include "shopgraph.kafkaTopics" . | fromJsonArray }}
*/}}
{{- define "shopgraph.kafkaTopics" -}}
{{- $flows := include "shopgraph.eventFlows" . | fromYaml -}}
{{- $enabled := include "shopgraph.enabledSubgraphs" . | fromJsonArray -}}
{{- $events := list -}}
{{- $dlqs := list -}}
{{- range $svc := (include "shopgraph.subgraphs" . | fromJsonArray) -}}
{{- if has $svc $enabled -}}
{{- if has $svc $flows.producers }}{{ $events = append $events $svc }}{{ end -}}
{{- with index $flows.consumers $svc -}}
{{- $events = concat $events . -}}
{{- $dlqs = append $dlqs $svc -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $topics := list -}}
{{- $ns := .Values.global.kafka.namespace | default "" -}}
{{- $prefix := ternary (printf "%s." $ns) "" (ne $ns "") -}}
{{- range (include "shopgraph.subgraphs" . | fromJsonArray) -}}
{{- if has . $events }}{{ $topics = append $topics (printf "%sshopgraph.%s.events" $prefix .) }}{{ end -}}
{{- if has . $dlqs }}{{ $topics = append $topics (printf "%sshopgraph.%s.dlq" $prefix .) }}{{ end -}}
{{- end -}}
{{- $topics | toJson -}}
{{- end -}}
