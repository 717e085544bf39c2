{{/*
shopgraph-lib.service: ClusterIP Service selecting both tracks (stable and canary); Istio splits
traffic by subset. Port name http- lets Istio detect the protocol.
Usage: {{ include "shopgraph-lib.service" . }}
*/}}
{{- define "shopgraph-lib.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "shopgraph-lib.name" . }}
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "shopgraph-lib.selectorLabels" (dict "ctx" .) | nindent 4 }}
  ports:
    - name: http
      port: {{ .Values.port }}
      targetPort: http
      protocol: TCP
      appProtocol: http
{{- end -}}

{{/*
shopgraph-lib.serviceAccount: one ServiceAccount per workload; its identity is the Istio
principal the AuthorizationPolicies name. Usage: {{ include "shopgraph-lib.serviceAccount" . }}
*/}}
{{- define "shopgraph-lib.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "shopgraph-lib.name" . }}
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
automountServiceAccountToken: false
{{- end -}}

{{/*
shopgraph-lib.pdb: PodDisruptionBudget over both tracks. Usage: {{ include "shopgraph-lib.pdb" . }}
*/}}
{{- define "shopgraph-lib.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "shopgraph-lib.name" . }}
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
spec:
  maxUnavailable: {{ .Values.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "shopgraph-lib.selectorLabels" (dict "ctx" .) | nindent 6 }}
{{- end -}}

{{/*
shopgraph-lib.hpa: optional HorizontalPodAutoscaler (autoscaling.enabled) for the stable track.
Usage: {{ include "shopgraph-lib.hpa" . }}
*/}}
{{- define "shopgraph-lib.hpa" -}}
{{- if .Values.autoscaling.enabled -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "shopgraph-lib.name" . }}
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "shopgraph-lib.name" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.serviceMonitor: optional prometheus-operator ServiceMonitor (serviceMonitor.enabled).
Usage: {{ include "shopgraph-lib.serviceMonitor" . }}
*/}}
{{- define "shopgraph-lib.serviceMonitor" -}}
{{- if .Values.serviceMonitor.enabled -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "shopgraph-lib.name" . }}
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
spec:
  selector:
    matchLabels:
      {{- include "shopgraph-lib.selectorLabels" (dict "ctx" .) | nindent 6 }}
  endpoints:
    - port: http
      path: /metrics
      interval: {{ .Values.serviceMonitor.interval }}
      {{- if include "shopgraph-lib.istioEnabled" . }}
      # Under STRICT mTLS Prometheus must present an Istio certificate (mounted from its own
      # sidecar's output, see charts/README.md); the AuthorizationPolicy admits it on /metrics.
      scheme: https
      tlsConfig:
        caFile: /etc/prom-certs/root-cert.pem
        certFile: /etc/prom-certs/cert-chain.pem
        keyFile: /etc/prom-certs/key.pem
        insecureSkipVerify: true
      {{- end }}
{{- end -}}
{{- end -}}
