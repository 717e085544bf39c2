{{/*
shopgraph-lib.migrationJob: pre-install/pre-upgrade hook Job that applies the workload's
migrations with the new image before any new pod starts. Runs as its own hook ServiceAccount
<name>-migrate: on a first install the workload's ServiceAccount does not exist yet when the
pre-install hooks run (hooks precede the release's objects), and the API server's ServiceAccount
admission refuses a pod naming a missing account. The in-chart PostgreSQL's AuthorizationPolicy
admits <name>-migrate too. Istio's native sidecar lets the Job complete.
Usage: {{ include "shopgraph-lib.migrationJob" . }}
*/}}
{{- define "shopgraph-lib.migrationJob" -}}
{{- if and .Values.migration.enabled .Values.database.enabled -}}
{{- $name := include "shopgraph-lib.name" . -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ $name }}-migrate
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | replace "app.kubernetes.io/component: subgraph" "app.kubernetes.io/component: migration" | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-5"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
automountServiceAccountToken: false
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ $name }}-migrate
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | replace "app.kubernetes.io/component: subgraph" "app.kubernetes.io/component: migration" | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ .Values.migration.backoffLimit }}
  activeDeadlineSeconds: {{ .Values.migration.activeDeadlineSeconds }}
  ttlSecondsAfterFinished: 3600
  template:
    metadata:
      labels:
        app: {{ $name }}-migrate
        app.kubernetes.io/name: {{ $name }}-migrate
        app.kubernetes.io/instance: {{ .Release.Name }}
        app.kubernetes.io/component: migration
        version: {{ include "shopgraph-lib.imageTag" (dict "ctx" . "track" "stable") | quote }}
      annotations:
        {{- if include "shopgraph-lib.istioEnabled" . }}
        sidecar.istio.io/inject: "true"
        # The proxy runs as a native sidecar (init container, restartPolicy Always) and stops
        # with the Job; needs Istio >= 1.20 on Kubernetes >= 1.29.
        sidecar.istio.io/nativeSidecar: "true"
        proxy.istio.io/config: '{"holdApplicationUntilProxyStarts": true}'
        {{- end }}
    spec:
      restartPolicy: Never
      serviceAccountName: {{ $name }}-migrate
      automountServiceAccountToken: false
      enableServiceLinks: false
      {{- with $g.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "shopgraph-lib.podSecurityContext" . | nindent 8 }}
      containers:
        - name: migrate
          image: {{ include "shopgraph-lib.image" (dict "ctx" . "track" "stable") | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy | default $g.image.pullPolicy }}
          command: ["node", {{ .Values.migration.entrypoint | quote }}]
          envFrom:
            - configMapRef:
                name: {{ $name }}-migrate-config
          env:
            {{- include "shopgraph-lib.secretEnv" . | nindent 12 }}
          resources:
            {{- toYaml .Values.migration.resources | nindent 12 }}
          securityContext:
            {{- include "shopgraph-lib.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
---
# The hook cannot use <name>-config: hooks run before the release's ConfigMaps exist. Hook objects
# are not part of the release, so `helm uninstall` would never delete them: each per-run hook object
# goes once all hooks of the run succeeded (hook-succeeded), a failed run's stays for inspection.
{{ include "shopgraph-lib.configMap" . | replace (printf "name: %s-config" $name) (printf "name: %s-migrate-config" $name) | replace "metadata:" "metadata:\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n    helm.sh/hook-weight: \"-5\"\n    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded" }}
{{- end -}}
{{- end -}}
