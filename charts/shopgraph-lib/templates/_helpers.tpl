{{/*
shopgraph-lib.name: the workload's name. It is the chart name on purpose (not prefixed with the
release) so that in-namespace DNS names are stable and match the gateway's defaults
(http://orders:4005/graphql). One shopgraph release per namespace.
Usage: {{ include "shopgraph-lib.name" . }}
*/}}
{{- define "shopgraph-lib.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
shopgraph-lib.chart: chart name and version for the helm.sh/chart label.
Usage: {{ include "shopgraph-lib.chart" . }}
*/}}
{{- define "shopgraph-lib.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
shopgraph-lib.global: the global values merged over their defaults, as YAML; so a subchart
rendered on its own (helm lint charts/orders) behaves like one inside the umbrella.
Usage: {{ $g := include "shopgraph-lib.global" . | fromYaml }}
*/}}
{{- define "shopgraph-lib.global" -}}
{{- $defaults := dict
  "image" (dict "registry" "ghcr.io/shopgraph" "tag" "" "pullPolicy" "IfNotPresent")
  "imagePullSecrets" (list)
  "clusterDomain" "cluster.local"
  "kafka" (dict "brokers" "" "existingSecret" "" "secretKey" "KAFKA_BROKERS" "namespace" "")
  "jwt" (dict
      "issuer" "shopgraph-customers"
      "audience" "shopgraph-api"
      "ttlSeconds" 3600
      "clockToleranceSeconds" 5
      "existingSecret" ""
      "privateKeySecretKey" "JWT_PRIVATE_KEY"
      "publicKeySecretKey" "JWT_PUBLIC_KEY"
      "inline" (dict "privateKey" "" "publicKey" ""))
  "identity" (dict
      "existingSecret" ""
      "privateKeySecretKey" "GATEWAY_IDENTITY_PRIVATE_KEY"
      "publicKeySecretKey" "GATEWAY_IDENTITY_PUBLIC_KEY"
      "inline" (dict "privateKey" "" "publicKey" ""))
  "networkPolicy" (dict "enabled" true "metricsNamespaces" (list "monitoring"))
  "istio" (dict
      "enabled" true
      "trustDomain" "cluster.local"
      "ingressGateway" (dict "name" "shopgraph-ingress" "namespace" "istio-system" "serviceAccount" "istio-ingressgateway-service-account" "selector" (dict "istio" "ingressgateway"))
      "prometheus" (dict "namespaces" (list "monitoring" "istio-system") "principals" (list))
      "gatewayServiceAccount" "gateway")
-}}
{{- $g := deepCopy (.Values.global | default dict) -}}
{{- mergeOverwrite $defaults $g | toYaml -}}
{{- end -}}

{{/*
shopgraph-lib.selectorLabels: the labels a Deployment selects on. Only values that never change
for the life of a release; the track (stable|canary) is part of it so the two Deployments of a
canary never select each other's pods. Usage: {{ include "shopgraph-lib.selectorLabels" (dict "ctx" . "track" "stable") }}
*/}}
{{- define "shopgraph-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ include "shopgraph-lib.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- with .track }}
version: {{ . }}
{{- end }}
{{- end -}}

{{/*
shopgraph-lib.labels: recommended labels for every object, plus app (Kiali) and, on pods,
version. Usage: {{ include "shopgraph-lib.labels" (dict "ctx" . "track" "stable") }} (track optional)
*/}}
{{- define "shopgraph-lib.labels" -}}
{{ include "shopgraph-lib.selectorLabels" (dict "ctx" .ctx "track" .track) }}
app: {{ include "shopgraph-lib.name" .ctx }}
app.kubernetes.io/version: {{ include "shopgraph-lib.imageTag" (dict "ctx" .ctx "track" (.track | default "stable")) | quote }}
app.kubernetes.io/component: {{ .ctx.Values.component | default "subgraph" }}
app.kubernetes.io/part-of: shopgraph
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ include "shopgraph-lib.chart" .ctx }}
{{- end -}}

{{/*
shopgraph-lib.imageTag: the image tag of a track; canary.image.tag for the canary, else
image.tag, else global.image.tag. Usage: {{ include "shopgraph-lib.imageTag" (dict "ctx" . "track" "stable") }}
*/}}
{{- define "shopgraph-lib.imageTag" -}}
{{- $g := include "shopgraph-lib.global" .ctx | fromYaml -}}
{{- $tag := .ctx.Values.image.tag | default $g.image.tag -}}
{{- if eq .track "canary" }}{{ $tag = .ctx.Values.canary.image.tag }}{{ end -}}
{{- $tag -}}
{{- end -}}

{{/*
shopgraph-lib.image: full image reference for a track (registry/repository:tag).
Usage: {{ include "shopgraph-lib.image" (dict "ctx" . "track" "canary") }}
*/}}
{{- define "shopgraph-lib.image" -}}
{{- $g := include "shopgraph-lib.global" .ctx | fromYaml -}}
{{- $repo := .ctx.Values.image.repository | default (printf "%s/%s" $g.image.registry (include "shopgraph-lib.name" .ctx)) -}}
{{- printf "%s:%s" $repo (include "shopgraph-lib.imageTag" .) -}}
{{- end -}}

{{/*
shopgraph-lib.principal: the SPIFFE principal of a service account in this namespace, as Istio
AuthorizationPolicy expects it. Usage: {{ include "shopgraph-lib.principal" (dict "ctx" . "sa" "gateway") }}
*/}}
{{- define "shopgraph-lib.principal" -}}
{{- $g := include "shopgraph-lib.global" .ctx | fromYaml -}}
{{- printf "%s/ns/%s/sa/%s" $g.istio.trustDomain .ctx.Release.Namespace .sa -}}
{{- end -}}

{{/*
shopgraph-lib.fqdn: in-cluster FQDN of a Service of this namespace.
Usage: {{ include "shopgraph-lib.fqdn" (dict "ctx" . "name" "orders") }}
*/}}
{{- define "shopgraph-lib.fqdn" -}}
{{- $g := include "shopgraph-lib.global" .ctx | fromYaml -}}
{{- printf "%s.%s.svc.%s" .name .ctx.Release.Namespace $g.clusterDomain -}}
{{- end -}}

{{/*
shopgraph-lib.istioEnabled: "true" when Istio resources and annotations are rendered.
Usage: {{ if include "shopgraph-lib.istioEnabled" . }}
*/}}
{{- define "shopgraph-lib.istioEnabled" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- if $g.istio.enabled }}true{{ end -}}
{{- end -}}
