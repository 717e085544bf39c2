{{/*
shopgraph-lib.destinationRule: ISTIO_MUTUAL to the workload, connection pool, outlier detection
and the stable/canary subsets (by the pod label version).
Usage: {{ include "shopgraph-lib.destinationRule" . }}
*/}}
{{- define "shopgraph-lib.destinationRule" -}}
{{- if include "shopgraph-lib.istioEnabled" . -}}
{{- $name := include "shopgraph-lib.name" . -}}
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: {{ $name }}
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
spec:
  host: {{ include "shopgraph-lib.fqdn" (dict "ctx" . "name" $name) }}
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
    connectionPool:
      {{- toYaml .Values.istio.connectionPool | nindent 6 }}
    outlierDetection:
      {{- toYaml .Values.istio.outlierDetection | nindent 6 }}
  subsets:
    - name: stable
      labels: { version: stable }
    - name: canary
      labels: { version: canary }
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.virtualService: in-mesh routing to the workload, split by canary.weight between
the stable and canary subsets. With istio.ingress.enabled (the gateway) the same routes also
bind to the ingress Gateway for istio.ingress.hosts.
Usage: {{ include "shopgraph-lib.virtualService" . }}
*/}}
{{- define "shopgraph-lib.virtualService" -}}
{{- if include "shopgraph-lib.istioEnabled" . -}}
{{- $name := include "shopgraph-lib.name" . -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- $host := include "shopgraph-lib.fqdn" (dict "ctx" . "name" $name) -}}
{{- $weight := 0 -}}
{{- if .Values.canary.enabled }}{{ $weight = int .Values.canary.weight }}{{ end -}}
{{- $ingress := and .Values.istio.ingress .Values.istio.ingress.enabled -}}
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: {{ $name }}
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
spec:
  hosts:
    - {{ $host }}
    {{- if $ingress }}
    {{- range .Values.istio.ingress.hosts }}
    - {{ . | quote }}
    {{- end }}
  gateways:
    - mesh
    - {{ $g.istio.ingressGateway.name }}
    {{- end }}
  http:
    {{- if include "shopgraph-lib.subscriptionsEnabled" . }}
    # Long-lived subscription streams: SSE (/graphql/stream, and /graphql for a client accepting
    # only text/event-stream) and WebSocket upgrades of /graphql. No route timeout and no retries
    # (istio.timeout and retries.perTryTimeout would cut a stream after seconds); the gateway's
    # own keep-alive (GATEWAY_SUBSCRIPTION_KEEPALIVE_MS) detects dead peers. No `timeout` field at
    # all: Istio's default is none, and its schema refuses "0s" (must be greater than 1ms).
    - name: {{ $name }}-stream
      match:
        - uri: { prefix: /graphql/stream }
        - uri: { exact: /graphql }
          headers:
            upgrade: { regex: "(?i)websocket" }
        - uri: { exact: /graphql }
          headers:
            accept: { exact: text/event-stream }
      retries:
        attempts: 0
      route:
        {{- include "shopgraph-lib.virtualServiceRoute" (dict "host" $host "port" .Values.port "canary" .Values.canary.enabled "weight" $weight) | nindent 8 }}
    {{- end }}
    - name: {{ $name }}
      {{- if $ingress }}
      match:
        - uri: { exact: /graphql }
        - uri: { prefix: /graphql }
      {{- end }}
      timeout: {{ .Values.istio.timeout }}
      retries:
        {{- toYaml .Values.istio.retries | nindent 8 }}
      route:
        {{- include "shopgraph-lib.virtualServiceRoute" (dict "host" $host "port" .Values.port "canary" .Values.canary.enabled "weight" $weight) | nindent 8 }}
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.virtualServiceRoute: the route destinations of a VirtualService http entry, stable
and (when canary) canary subsets split by weight.
Usage: {{ include "shopgraph-lib.virtualServiceRoute" (dict "host" $host "port" 4000 "canary" false "weight" 0) }}
*/}}
{{- define "shopgraph-lib.virtualServiceRoute" -}}
- destination:
    host: {{ .host }}
    subset: stable
    port: { number: {{ .port }} }
  weight: {{ sub 100 .weight }}
{{- if .canary }}
- destination:
    host: {{ .host }}
    subset: canary
    port: { number: {{ .port }} }
  weight: {{ .weight }}
{{- end }}
{{- end -}}

{{/*
shopgraph-lib.authorizationPolicy: ALLOW rules that, with the namespace default-deny, are the
only way in: istio.allowFrom principals (the ingress gateway for the gateway, the gateway's
service account for a subgraph) to /graphql only (and /graphql/stream, the SSE endpoint, when the
gateway serves subscriptions), and Prometheus to /metrics only.
Usage: {{ include "shopgraph-lib.authorizationPolicy" . }}
*/}}
{{- define "shopgraph-lib.authorizationPolicy" -}}
{{- if include "shopgraph-lib.istioEnabled" . -}}
{{- $ctx := . -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- $name := include "shopgraph-lib.name" . -}}
{{- $port := .Values.port | toString -}}
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: {{ $name }}-allow
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
spec:
  selector:
    matchLabels:
      {{- include "shopgraph-lib.selectorLabels" (dict "ctx" .) | nindent 6 }}
  action: ALLOW
  rules:
    - from:
        - source:
            principals:
              {{- if eq .Values.component "gateway" }}
              - {{ printf "%s/ns/%s/sa/%s" $g.istio.trustDomain $g.istio.ingressGateway.namespace $g.istio.ingressGateway.serviceAccount | quote }}
              {{- else }}
              - {{ include "shopgraph-lib.principal" (dict "ctx" $ctx "sa" $g.istio.gatewayServiceAccount) | quote }}
              {{- end }}
      to:
        - operation:
            ports: [{{ $port | quote }}]
            paths: [/graphql{{ if include "shopgraph-lib.subscriptionsEnabled" . }}, /graphql/stream{{ end }}]
            methods: [GET, POST, OPTIONS]
    - from:
        - source:
            {{- if $g.istio.prometheus.principals }}
            principals:
              {{- toYaml $g.istio.prometheus.principals | nindent 14 }}
            {{- else }}
            namespaces:
              {{- toYaml $g.istio.prometheus.namespaces | nindent 14 }}
            {{- end }}
      to:
        - operation:
            ports: [{{ $port | quote }}]
            paths: [/metrics]
            methods: [GET]
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.sidecar: limits the workload's proxy egress to the services it calls
(istio.egressServices in this namespace, plus kafka for the gateway with subscriptions.enabled;
istio.extraEgressHosts) and istio-system.
Usage: {{ include "shopgraph-lib.sidecar" . }}
*/}}
{{- define "shopgraph-lib.sidecar" -}}
{{- if include "shopgraph-lib.istioEnabled" . -}}
{{- $ctx := . -}}
{{- $egress := .Values.istio.egressServices | default list -}}
{{- if and (include "shopgraph-lib.subscriptionsEnabled" .) (not (has "kafka" $egress)) -}}
{{- $egress = append $egress "kafka" -}}
{{- end -}}
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: {{ include "shopgraph-lib.name" . }}
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
spec:
  workloadSelector:
    labels:
      {{- include "shopgraph-lib.selectorLabels" (dict "ctx" .) | nindent 6 }}
  egress:
    - hosts:
        - istio-system/*
        {{- range $egress }}
        - {{ printf "./%s" (include "shopgraph-lib.fqdn" (dict "ctx" $ctx "name" .)) }}
        {{- end }}
        {{- range .Values.istio.extraEgressHosts }}
        - {{ . | quote }}
        {{- end }}
  outboundTrafficPolicy:
    mode: {{ .Values.istio.outboundTrafficPolicy }}
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.ingress: the Istio ingress Gateway (host + TLS credential) and, optionally, a
RequestAuthentication that rejects invalid JWTs at the workload (istio.ingress.jwt.enabled).
Rendered only when istio.ingress.enabled. Usage: {{ include "shopgraph-lib.ingress" . }}
*/}}
{{- define "shopgraph-lib.ingress" -}}
{{- if and (include "shopgraph-lib.istioEnabled" .) .Values.istio.ingress.enabled -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- $in := .Values.istio.ingress -}}
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: {{ $g.istio.ingressGateway.name }}
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
spec:
  selector:
    {{- toYaml $g.istio.ingressGateway.selector | nindent 4 }}
  servers:
    - port: { number: 443, name: https, protocol: HTTPS }
      hosts:
        {{- range $in.hosts }}
        - {{ . | quote }}
        {{- end }}
      tls:
        mode: SIMPLE
        credentialName: {{ $in.tls.credentialName }}
        minProtocolVersion: TLSV1_2
    {{- if $in.httpsRedirect }}
    - port: { number: 80, name: http, protocol: HTTP }
      hosts:
        {{- range $in.hosts }}
        - {{ . | quote }}
        {{- end }}
      tls:
        httpsRedirect: true
    {{- end }}
{{- if $in.jwt.enabled }}
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: {{ include "shopgraph-lib.name" . }}-jwt
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
spec:
  selector:
    matchLabels:
      {{- include "shopgraph-lib.selectorLabels" (dict "ctx" .) | nindent 6 }}
  jwtRules:
    - issuer: {{ $g.jwt.issuer | quote }}
      audiences: [{{ $g.jwt.audience | quote }}]
      {{- if $in.jwt.jwks }}
      jwks: {{ $in.jwt.jwks | quote }}
      {{- else }}
      jwksUri: {{ $in.jwt.jwksUri | quote }}
      {{- end }}
      forwardOriginalToken: true
{{- end }}
{{- end -}}
{{- end -}}
