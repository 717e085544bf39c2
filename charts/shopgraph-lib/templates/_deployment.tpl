{{/*
shopgraph-lib.deployment: the stable Deployment and, when canary.enabled, a second Deployment
labelled version=canary running canary.image.tag. Selectors hold only stable labels.
Usage: {{ include "shopgraph-lib.deployment" . }}
*/}}
{{- define "shopgraph-lib.deployment" -}}
{{- include "shopgraph-lib.validateValues" . -}}
{{- include "shopgraph-lib.deploymentTrack" (dict "ctx" . "track" "stable") }}
{{- if .Values.canary.enabled }}
---
{{ include "shopgraph-lib.deploymentTrack" (dict "ctx" . "track" "canary") }}
{{- end }}
{{- end -}}

{{/*
shopgraph-lib.deploymentTrack: one Deployment for a track (stable|canary).
Usage: {{ include "shopgraph-lib.deploymentTrack" (dict "ctx" . "track" "stable") }}
*/}}
{{- define "shopgraph-lib.deploymentTrack" -}}
{{- $ctx := .ctx -}}
{{- $v := $ctx.Values -}}
{{- $g := include "shopgraph-lib.global" $ctx | fromYaml -}}
{{- $name := include "shopgraph-lib.name" $ctx -}}
{{- $canary := eq .track "canary" }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}{{ if $canary }}-canary{{ end }}
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" $ctx "track" .track) | nindent 4 }}
spec:
  {{- if $canary }}
  replicas: {{ $v.canary.replicaCount }}
  {{- else if not $v.autoscaling.enabled }}
  replicas: {{ $v.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "shopgraph-lib.selectorLabels" (dict "ctx" $ctx "track" .track) | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # maxUnavailable 0: a new pod must be ready before an old one stops (zero-downtime).
      maxUnavailable: 0
      maxSurge: {{ $v.rollingUpdate.maxSurge | quote }}
  template:
    metadata:
      labels:
        {{- include "shopgraph-lib.labels" (dict "ctx" $ctx "track" .track) | nindent 8 }}
      annotations:
        {{- include "shopgraph-lib.podAnnotations" $ctx | nindent 8 }}
    spec:
      serviceAccountName: {{ $name }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $v.lifecycle.terminationGracePeriodSeconds }}
      {{- with $g.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "shopgraph-lib.podSecurityContext" $ctx | nindent 8 }}
      topologySpreadConstraints:
        {{- range list "topology.kubernetes.io/zone" "kubernetes.io/hostname" }}
        - maxSkew: 1
          topologyKey: {{ . }}
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "shopgraph-lib.selectorLabels" (dict "ctx" $ctx "track" $.track) | nindent 14 }}
          matchLabelKeys: [pod-template-hash]
        {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ $name }}
          image: {{ include "shopgraph-lib.image" (dict "ctx" $ctx "track" .track) | quote }}
          imagePullPolicy: {{ $v.image.pullPolicy | default $g.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ $v.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ $name }}-config
          env:
            {{- include "shopgraph-lib.secretEnv" $ctx | nindent 12 }}
            {{- with include "shopgraph-lib.jwtEnv" $ctx | trim }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with include "shopgraph-lib.identityEnv" $ctx | trim }}
            {{- . | nindent 12 }}
            {{- end }}
          {{- include "shopgraph-lib.probes" $ctx | nindent 10 }}
          lifecycle:
            preStop:
              # Keep serving while endpoints and Envoy learn the pod is going away; the process
              # then gets SIGTERM and drains in-flight requests for SHUTDOWN_TIMEOUT_MS.
              exec:
                command: ["sleep", "{{ $v.lifecycle.preStopSleepSeconds }}"]
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- include "shopgraph-lib.containerSecurityContext" $ctx | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if $v.supergraph }}
            - name: supergraph
              mountPath: {{ $v.supergraph.mountPath }}
              readOnly: true
            {{- end }}
            {{- with $v.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- if $v.supergraph }}
        # Mounted as a directory (no subPath) so a ConfigMap update reaches running pods too.
        - name: supergraph
          configMap:
            name: {{ $name }}-supergraph
        {{- end }}
        {{- with $v.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
{{- end -}}

{{/*
shopgraph-lib.podAnnotations: checksums (a config change rolls the pods), Prometheus scrape
annotations (Istio merges them with the sidecar's metrics on :15020) and sidecar settings.
Usage: {{ include "shopgraph-lib.podAnnotations" . }}
*/}}
{{- define "shopgraph-lib.podAnnotations" -}}
checksum/config: {{ include "shopgraph-lib.configMap" . | sha256sum }}
checksum/secret: {{ include "shopgraph-lib.secret" . | sha256sum }}
{{- if .Values.supergraph }}
checksum/supergraph: {{ print (.Files.Get .Values.supergraph.file) (include "shopgraph-lib.subscriptionsSchema" .) | sha256sum }}
{{- end }}
{{- with include "shopgraph-lib.jwtChecksum" . }}
checksum/jwt: {{ . }}
{{- end }}
{{- with include "shopgraph-lib.identityChecksum" . }}
checksum/identity: {{ . }}
{{- end }}
{{- with .Values.checksums }}
{{- range $k, $val := . }}
checksum/{{ $k }}: {{ $val | quote }}
{{- end }}
{{- end }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .Values.port | quote }}
prometheus.io/path: /metrics
kubectl.kubernetes.io/default-container: {{ include "shopgraph-lib.name" . }}
{{- if include "shopgraph-lib.istioEnabled" . }}
sidecar.istio.io/inject: "true"
# HTTP probes go through the pilot-agent on :15020, so they work under STRICT mTLS.
sidecar.istio.io/rewriteAppHTTPProbers: "true"
proxy.istio.io/config: '{"holdApplicationUntilProxyStarts": true, "terminationDrainDuration": "{{ add (int .Values.lifecycle.preStopSleepSeconds) (div (int .Values.lifecycle.shutdownTimeoutMs) 1000) }}s"}'
{{- end }}
{{- with .Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
shopgraph-lib.probes: startup, readiness and liveness probes on the workload's HTTP port.
Usage: {{ include "shopgraph-lib.probes" . }}
*/}}
{{- define "shopgraph-lib.probes" -}}
startupProbe:
  httpGet: { path: /healthz, port: http }
  periodSeconds: 2
  failureThreshold: {{ .Values.probes.startupFailureThreshold }}
readinessProbe:
  httpGet: { path: /readyz, port: http }
  periodSeconds: 5
  timeoutSeconds: 2
  failureThreshold: 2
livenessProbe:
  httpGet: { path: /healthz, port: http }
  periodSeconds: 10
  timeoutSeconds: 2
  failureThreshold: 3
{{- end -}}

{{/*
shopgraph-lib.podSecurityContext: non-root pod defaults (uid 1000 is the node user in the image).
Usage: {{ include "shopgraph-lib.podSecurityContext" . }}
*/}}
{{- define "shopgraph-lib.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
shopgraph-lib.containerSecurityContext: read-only root filesystem, no privilege escalation,
every capability dropped. Usage: {{ include "shopgraph-lib.containerSecurityContext" . }}
*/}}
{{- define "shopgraph-lib.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
