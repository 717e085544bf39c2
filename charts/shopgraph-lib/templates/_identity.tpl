{{/*
shopgraph-lib.identityRole: what the workload does with identity tokens (the identity the gateway
passes to subgraphs, packages/platform/src/identity-token.ts), fixed by its chart (Chart.yaml
annotation shopgraph.io/identity, not a value): "signer" (the gateway: private key), "verifier"
(every subgraph: public key) or "" (no identity key).
Usage: {{ include "shopgraph-lib.identityRole" . }}
*/}}
{{- define "shopgraph-lib.identityRole" -}}
{{- index (.Chart.Annotations | default dict) "shopgraph.io/identity" | default "" -}}
{{- end -}}

{{/*
shopgraph-lib.identitySecretName: the Secret holding the gateway's identity key pair:
global.identity.existingSecret, else the chart-owned "shopgraph-identity" rendered from
global.identity.inline (dev). Empty when neither is set.
Usage: {{ include "shopgraph-lib.identitySecretName" . }}
*/}}
{{- define "shopgraph-lib.identitySecretName" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- if $g.identity.existingSecret -}}
{{- $g.identity.existingSecret -}}
{{- else if and $g.identity.inline.privateKey $g.identity.inline.publicKey -}}
shopgraph-identity
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.identityEnv: the identity key the workload's role needs: GATEWAY_IDENTITY_PRIVATE_KEY
for the gateway, GATEWAY_IDENTITY_PUBLIC_KEY for a subgraph; nothing for anyone else, and only the
Deployment includes it. Usage: {{ include "shopgraph-lib.identityEnv" . }}
*/}}
{{- define "shopgraph-lib.identityEnv" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- $role := include "shopgraph-lib.identityRole" . -}}
{{- $secret := include "shopgraph-lib.identitySecretName" . -}}
{{- if and $secret (eq $role "signer") }}
- name: GATEWAY_IDENTITY_PRIVATE_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $g.identity.privateKeySecretKey }}
{{- else if and $secret (eq $role "verifier") }}
- name: GATEWAY_IDENTITY_PUBLIC_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $g.identity.publicKeySecretKey }}
{{- end }}
{{- end -}}

{{/*
shopgraph-lib.identityChecksum: sha256 of the identity key the workload reads when the chart owns
it (inline PEMs), so a new pair rolls the gateway and the subgraphs.
Usage: {{ include "shopgraph-lib.identityChecksum" . }}
*/}}
{{- define "shopgraph-lib.identityChecksum" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- $role := include "shopgraph-lib.identityRole" . -}}
{{- $pem := "" -}}
{{- if eq $role "signer" }}{{ $pem = $g.identity.inline.privateKey }}{{ else if eq $role "verifier" }}{{ $pem = $g.identity.inline.publicKey }}{{ end -}}
{{- if and $pem (not $g.identity.existingSecret) }}{{ $pem | sha256sum }}{{ end -}}
{{- end -}}

{{/*
shopgraph-lib.validateIdentity: the gateway cannot tell subgraphs who calls without its private
key (every call would be anonymous), so a release that enables it must name the Secret
(global.identity.existingSecret) or, in dev, give both PEMs inline.
Usage: {{ include "shopgraph-lib.validateIdentity" . }}
*/}}
{{- define "shopgraph-lib.validateIdentity" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- $name := include "shopgraph-lib.name" . -}}
{{- $role := include "shopgraph-lib.identityRole" . -}}
{{- $in := $g.identity.inline -}}
{{- if and $g.identity.existingSecret (or $in.privateKey $in.publicKey) -}}
{{- fail (printf "%s: set either global.identity.existingSecret or global.identity.inline.privateKey/publicKey, not both" $name) -}}
{{- end -}}
{{- if and (not $g.identity.existingSecret) (or $in.privateKey $in.publicKey) (not (and $in.privateKey $in.publicKey)) -}}
{{- fail (printf "%s: global.identity.inline needs both privateKey and publicKey (--set-file global.identity.inline.privateKey=.data/jwt/gateway-identity-private.pem --set-file global.identity.inline.publicKey=.data/jwt/gateway-identity-public.pem)" $name) -}}
{{- end -}}
{{- if and $in.privateKey (not (contains "-----BEGIN PRIVATE KEY-----" $in.privateKey)) -}}
{{- fail (printf "%s: global.identity.inline.privateKey must be a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----), e.g. from scripts/jwt-keys.sh" $name) -}}
{{- end -}}
{{- if and $in.publicKey (not (contains "-----BEGIN PUBLIC KEY-----" $in.publicKey)) -}}
{{- fail (printf "%s: global.identity.inline.publicKey must be a PEM SPKI public key (-----BEGIN PUBLIC KEY-----), e.g. from scripts/jwt-keys.sh" $name) -}}
{{- end -}}
{{- if and (eq $role "signer") (not (include "shopgraph-lib.identitySecretName" .)) -}}
{{- fail (printf "%s signs the identity tokens subgraphs verify and needs GATEWAY_IDENTITY_PRIVATE_KEY: set global.identity.existingSecret to a Secret holding both PEMs (keys %s and %s; see charts/README.md \"Identity keys\"), or for a dev cluster --set-file global.identity.inline.privateKey=.data/jwt/gateway-identity-private.pem --set-file global.identity.inline.publicKey=.data/jwt/gateway-identity-public.pem (scripts/jwt-keys.sh)" $name $g.identity.privateKeySecretKey $g.identity.publicKeySecretKey) -}}
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.networkPolicy: with Istio off (no AuthorizationPolicy), the subgraph's pods admit
traffic on their HTTP port only from the gateway's pods of this release, and from pods in
global.networkPolicy.metricsNamespaces (Prometheus scrapes /metrics on the same port; a
NetworkPolicy cannot tell paths apart, the identity token still guards /graphql). Kubelet probes
are not subject to NetworkPolicy. Nothing with Istio on or global.networkPolicy.enabled=false.
Usage: {{ include "shopgraph-lib.networkPolicy" . }}
*/}}
{{- define "shopgraph-lib.networkPolicy" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- if and (not (include "shopgraph-lib.istioEnabled" .)) $g.networkPolicy.enabled -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "shopgraph-lib.name" . }}
  labels:
    {{- include "shopgraph-lib.labels" (dict "ctx" .) | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "shopgraph-lib.selectorLabels" (dict "ctx" .) | nindent 6 }}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: gateway
              app.kubernetes.io/instance: {{ .Release.Name }}
      ports:
        - port: http
          protocol: TCP
    {{- with $g.networkPolicy.metricsNamespaces }}
    - from:
        {{- range . }}
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ . }}
        {{- end }}
      ports:
        - port: http
          protocol: TCP
    {{- end }}
{{- end -}}
{{- end -}}
