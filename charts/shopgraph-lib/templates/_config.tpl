{{/*
shopgraph-lib.subscriptionsEnabled: "true" when the workload serves GraphQL subscriptions
(subscriptions.enabled; only the gateway chart has that block), else "".
Usage: {{ if include "shopgraph-lib.subscriptionsEnabled" . }}
*/}}
{{- define "shopgraph-lib.subscriptionsEnabled" -}}
{{- if and .Values.subscriptions .Values.subscriptions.enabled -}}true{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.kafkaEnabled: "true" when the workload talks to Kafka: kafka.enabled, or
subscriptions enabled (the gateway consumes the events its subscriptions deliver). Decides
KAFKA_BROKERS / KAFKA_NAMESPACE, the Secret check and the Sidecar's kafka egress.
Usage: {{ if include "shopgraph-lib.kafkaEnabled" . }}
*/}}
{{- define "shopgraph-lib.kafkaEnabled" -}}
{{- if or .Values.kafka.enabled (include "shopgraph-lib.subscriptionsEnabled" .) -}}true{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.configMap: the workload's non-secret environment (envFrom), one ConfigMap per
workload. Its checksum is a pod annotation, so a change rolls the pods.
Usage: {{ include "shopgraph-lib.configMap" . }}
*/}}
{{- define "shopgraph-lib.configMap" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- $v := .Values -}}
{{- $kafka := include "shopgraph-lib.kafkaEnabled" . -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "shopgraph-lib.name" . }}-config
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
data:
  PORT: {{ $v.port | quote }}
  # Every interface of the pod (the processes default to loopback, for local runs).
  HOST: "0.0.0.0"
  NODE_ENV: {{ $v.nodeEnv | quote }}
  LOG_LEVEL: {{ $v.logLevel | quote }}
  SHUTDOWN_TIMEOUT_MS: {{ $v.lifecycle.shutdownTimeoutMs | quote }}
  # Migrations run in the pre-install/pre-upgrade hook Job, never at pod start.
  MIGRATE_ON_START: "false"
  {{- if $kafka }}
  # Prefix of every topic and consumer group ('' = none); the topic hook uses the same one.
  KAFKA_NAMESPACE: {{ $g.kafka.namespace | quote }}
  {{- end }}
  {{- if and $kafka (not $g.kafka.existingSecret) }}
  KAFKA_BROKERS: {{ $g.kafka.brokers | default (printf "%s:9092" (include "shopgraph-lib.fqdn" (dict "ctx" . "name" "kafka"))) | quote }}
  {{- end }}
  {{- if $v.supergraph }}
  SUPERGRAPH_PATH: {{ printf "%s/supergraph.graphql" $v.supergraph.mountPath | quote }}
  {{- end }}
  {{- if $v.subscriptions }}
  {{- if include "shopgraph-lib.subscriptionsEnabled" . }}
  # Subscriptions read subscriptions.graphql beside SUPERGRAPH_PATH (the supergraph ConfigMap).
  GATEWAY_SUBSCRIPTIONS: "true"
  {{- else }}
  GATEWAY_SUBSCRIPTIONS: "false"
  {{- end }}
  {{- end }}
  {{- with include "shopgraph-lib.jwtConfig" . | trim }}
  {{- . | nindent 2 }}
  {{- end }}
  {{- range $v.subgraphs }}
  SUBGRAPH_{{ .name | upper }}_URL: {{ printf "http://%s:%d/graphql" .name (int .port) | quote }}
  {{- end }}
  {{- range $k, $val := $v.env }}
  {{ $k }}: {{ $val | quote }}
  {{- end }}
{{- end -}}

{{/*
shopgraph-lib.secret: a Secret with DATABASE_URL, rendered only when database.url is given
inline (handy for tests; production passes database.existingSecret). Empty otherwise.
Usage: {{ include "shopgraph-lib.secret" . }}
*/}}
{{- define "shopgraph-lib.secret" -}}
{{- if and .Values.database.enabled .Values.database.url (not .Values.database.existingSecret) -}}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "shopgraph-lib.databaseSecretName" . }}
  annotations:
    # A hook, so it exists before the pre-install migration Job that reads it.
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-10"
    helm.sh/hook-delete-policy: before-hook-creation
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
type: Opaque
stringData:
  {{ .Values.database.secretKey }}: {{ .Values.database.url | quote }}
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.databaseSecretName: the Secret holding DATABASE_URL: database.existingSecret,
else <name>-database (created by the in-chart PostgreSQL or from database.url).
Usage: {{ include "shopgraph-lib.databaseSecretName" . }}
*/}}
{{- define "shopgraph-lib.databaseSecretName" -}}
{{- .Values.database.existingSecret | default (printf "%s-database" (include "shopgraph-lib.name" .)) -}}
{{- end -}}

{{/*
shopgraph-lib.secretEnv: env entries read from Secrets (DATABASE_URL, KAFKA_BROKERS when
global.kafka.existingSecret is set); shared by the Deployment and the migration Job. JWT keys are
in shopgraph-lib.jwtEnv (Deployment only).
Usage: {{ include "shopgraph-lib.secretEnv" . }}
*/}}
{{- define "shopgraph-lib.secretEnv" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
- name: POD_NAME
  valueFrom: { fieldRef: { fieldPath: metadata.name } }
{{- if .Values.database.enabled }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "shopgraph-lib.databaseSecretName" . }}
      key: {{ .Values.database.secretKey }}
{{- end }}
{{- if and (include "shopgraph-lib.kafkaEnabled" .) $g.kafka.existingSecret }}
- name: KAFKA_BROKERS
  valueFrom:
    secretKeyRef:
      name: {{ $g.kafka.existingSecret }}
      key: {{ $g.kafka.secretKey }}
{{- end }}
{{- end -}}

{{/*
shopgraph-lib.supergraphConfigMap: the composed supergraph (supergraph.file inside the chart)
as a ConfigMap mounted at supergraph.mountPath. Its checksum is a pod annotation, so a schema
change rolls the gateway pods (see charts/README.md). Usage: {{ include "shopgraph-lib.supergraphConfigMap" . }}
*/}}
{{- define "shopgraph-lib.supergraphConfigMap" -}}
{{- if .Values.supergraph -}}
{{- $sdl := .Files.Get .Values.supergraph.file -}}
{{- if not $sdl }}{{ fail (printf "supergraph.file %q is missing or empty in the chart; run charts/sync-files.sh" .Values.supergraph.file) }}{{ end -}}
{{- $subs := include "shopgraph-lib.subscriptionsSchema" . -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "shopgraph-lib.name" . }}-supergraph
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
data:
  supergraph.graphql: |-
    {{- $sdl | nindent 4 }}
  {{- if $subs }}
  # The events-only Subscription schema; the gateway reads it beside SUPERGRAPH_PATH.
  subscriptions.graphql: |-
    {{- $subs | nindent 4 }}
  {{- end }}
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.subscriptionsSchema: the text of supergraph.subscriptionsFile inside the chart when
subscriptions are enabled and the value is set, else "". Fails when set but missing.
Usage: {{ include "shopgraph-lib.subscriptionsSchema" . }}
*/}}
{{- define "shopgraph-lib.subscriptionsSchema" -}}
{{- if and .Values.supergraph .Values.supergraph.subscriptionsFile (include "shopgraph-lib.subscriptionsEnabled" .) -}}
{{- $sdl := .Files.Get .Values.supergraph.subscriptionsFile -}}
{{- if not $sdl }}{{ fail (printf "supergraph.subscriptionsFile %q is missing or empty in the chart; run charts/sync-files.sh (or set it to \"\" for no subscriptions schema)" .Values.supergraph.subscriptionsFile) }}{{ end -}}
{{- $sdl -}}
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.jwtRole: what the workload does with access tokens, fixed by its chart (Chart.yaml
annotation shopgraph.io/jwt, not a value a user could --set): "signer" (customers: private key),
"verifier" (the gateway: public key) or "" (no JWT key at all).
Usage: {{ include "shopgraph-lib.jwtRole" . }}
*/}}
{{- define "shopgraph-lib.jwtRole" -}}
{{- index (.Chart.Annotations | default dict) "shopgraph.io/jwt" | default "" -}}
{{- end -}}

{{/*
shopgraph-lib.jwtSecretName: the one Secret holding both PEMs: global.jwt.existingSecret, else
the chart-owned "shopgraph-jwt" rendered from global.jwt.inline (dev). Empty when neither is set.
Usage: {{ include "shopgraph-lib.jwtSecretName" . }}
*/}}
{{- define "shopgraph-lib.jwtSecretName" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- if $g.jwt.existingSecret -}}
{{- $g.jwt.existingSecret -}}
{{- else if and $g.jwt.inline.privateKey $g.jwt.inline.publicKey -}}
shopgraph-jwt
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.jwtConfig: JWT_ISSUER / JWT_AUDIENCE (one global value for signer and verifier) and
the role's own setting, as ConfigMap data lines. Usage: {{ include "shopgraph-lib.jwtConfig" . }}
*/}}
{{- define "shopgraph-lib.jwtConfig" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- $role := include "shopgraph-lib.jwtRole" . -}}
{{- if $role }}
JWT_ISSUER: {{ $g.jwt.issuer | quote }}
JWT_AUDIENCE: {{ $g.jwt.audience | quote }}
{{- if eq $role "signer" }}
JWT_TTL_SECONDS: {{ $g.jwt.ttlSeconds | int | quote }}
{{- else }}
JWT_CLOCK_TOLERANCE_SECONDS: {{ $g.jwt.clockToleranceSeconds | int | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
shopgraph-lib.jwtEnv: the key the workload's role needs, from the JWT Secret: JWT_PRIVATE_KEY
for the signer (required), JWT_PUBLIC_KEY for the verifier (when a Secret is configured; without
one the gateway refuses every token). Nothing for any other workload, and only the Deployment
includes it (the migration Job never sees a key). Usage: {{ include "shopgraph-lib.jwtEnv" . }}
*/}}
{{- define "shopgraph-lib.jwtEnv" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- $role := include "shopgraph-lib.jwtRole" . -}}
{{- $secret := include "shopgraph-lib.jwtSecretName" . -}}
{{- if and $secret (eq $role "signer") }}
- name: JWT_PRIVATE_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $g.jwt.privateKeySecretKey }}
{{- else if and $secret (eq $role "verifier") }}
- name: JWT_PUBLIC_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $g.jwt.publicKeySecretKey }}
{{- end }}
{{- end -}}

{{/*
shopgraph-lib.jwtChecksum: sha256 of what the workload reads from the JWT Secret when the chart
owns it (inline PEMs), so a new key rolls exactly the pods that use it. With existingSecret the
chart cannot see the key: roll with `checksums.jwt=<key id>` or `kubectl rollout restart`.
Usage: {{ include "shopgraph-lib.jwtChecksum" . }}
*/}}
{{- define "shopgraph-lib.jwtChecksum" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- $role := include "shopgraph-lib.jwtRole" . -}}
{{- $pem := "" -}}
{{- if eq $role "signer" }}{{ $pem = $g.jwt.inline.privateKey }}{{ else if eq $role "verifier" }}{{ $pem = $g.jwt.inline.publicKey }}{{ end -}}
{{- if and $pem (not $g.jwt.existingSecret) }}{{ $pem | sha256sum }}{{ end -}}
{{- end -}}
