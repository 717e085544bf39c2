{{/*
shopgraph-lib.validateValues: fails the render with a clear message when values cannot work.
Every workload chart calls it once (from its deployment template).
Usage: {{ include "shopgraph-lib.validateValues" . }}
*/}}
{{- define "shopgraph-lib.validateValues" -}}
{{- $name := include "shopgraph-lib.name" . -}}
{{- $tag := include "shopgraph-lib.imageTag" (dict "ctx" . "track" "stable") -}}
{{- if not $tag -}}
{{- fail (printf "%s: image.tag (or global.image.tag) is required: set it to the commit hash the image was built from, e.g. --set global.image.tag=$(git rev-parse --short HEAD)" $name) -}}
{{- end -}}
{{- if eq $tag "latest" -}}
{{- fail (printf "%s: image tag 'latest' is not allowed; use the commit hash the image was built from" $name) -}}
{{- end -}}
{{- if .Values.canary.enabled -}}
{{- $ctag := .Values.canary.image.tag -}}
{{- if or (not $ctag) (eq $ctag "latest") -}}
{{- fail (printf "%s: canary.enabled needs canary.image.tag (a commit hash, not 'latest')" $name) -}}
{{- end -}}
{{- end -}}
{{- $weight := int .Values.canary.weight -}}
{{- if or (lt $weight 0) (gt $weight 100) -}}
{{- fail (printf "%s: canary.weight must be between 0 and 100, got %d" $name $weight) -}}
{{- end -}}
{{- if and (gt $weight 0) (not .Values.canary.enabled) -}}
{{- fail (printf "%s: canary.weight=%d but canary.enabled=false; enable the canary first" $name $weight) -}}
{{- end -}}
{{- $drain := add (int .Values.lifecycle.preStopSleepSeconds) (div (int .Values.lifecycle.shutdownTimeoutMs) 1000) -}}
{{- if le (int .Values.lifecycle.terminationGracePeriodSeconds) $drain -}}
{{- fail (printf "%s: lifecycle.terminationGracePeriodSeconds (%d) must exceed preStopSleepSeconds + shutdownTimeoutMs/1000 (%d) so in-flight requests finish before SIGKILL" $name (int .Values.lifecycle.terminationGracePeriodSeconds) $drain) -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- fail (printf "%s: autoscaling.minReplicas must not exceed autoscaling.maxReplicas" $name) -}}
{{- end -}}
{{- end -}}
