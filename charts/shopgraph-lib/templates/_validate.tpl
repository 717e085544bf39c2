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
{{- include "shopgraph-lib.validateJwt" . -}}
{{- include "shopgraph-lib.validateIdentity" . -}}
{{- include "shopgraph-lib.validateSecrets" . -}}
{{- range $k, $_ := .Values.env -}}
{{- if or (has $k (list "PORT" "HOST" "NODE_ENV" "LOG_LEVEL" "SHUTDOWN_TIMEOUT_MS" "MIGRATE_ON_START" "KAFKA_BROKERS" "DATABASE_URL" "SUPERGRAPH_PATH" "GATEWAY_SUBSCRIPTIONS")) (hasPrefix "JWT_" $k) (hasPrefix "GATEWAY_IDENTITY_" $k) (hasSuffix "_DATABASE_URL" $k) -}}
{{- fail (printf "%s: env.%s is set by the chart (a value of its own, a Secret or global.jwt); env holds only non-secret extras, see charts/%s/values.yaml" $name $k $name) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- fail (printf "%s: autoscaling.minReplicas must not exceed autoscaling.maxReplicas" $name) -}}
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.validateJwt: the JWT keys. The signer (customers) cannot start without its private
key, so a release that enables it must name the Secret (global.jwt.existingSecret) or, in dev,
give both PEMs inline (--set-file global.jwt.inline.privateKey=... and .publicKey=...).
Usage: {{ include "shopgraph-lib.validateJwt" . }}
*/}}
{{- define "shopgraph-lib.validateJwt" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- $name := include "shopgraph-lib.name" . -}}
{{- $role := include "shopgraph-lib.jwtRole" . -}}
{{- $in := $g.jwt.inline -}}
{{- if and $g.jwt.existingSecret (or $in.privateKey $in.publicKey) -}}
{{- fail (printf "%s: set either global.jwt.existingSecret or global.jwt.inline.privateKey/publicKey, not both" $name) -}}
{{- end -}}
{{- if and (not $g.jwt.existingSecret) (or $in.privateKey $in.publicKey) (not (and $in.privateKey $in.publicKey)) -}}
{{- fail (printf "%s: global.jwt.inline needs both privateKey and publicKey (--set-file global.jwt.inline.privateKey=.data/jwt/private.pem --set-file global.jwt.inline.publicKey=.data/jwt/public.pem)" $name) -}}
{{- end -}}
{{- if and $in.privateKey (not (contains "-----BEGIN PRIVATE KEY-----" $in.privateKey)) -}}
{{- fail (printf "%s: global.jwt.inline.privateKey must be a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----), e.g. from scripts/jwt-keys.sh" $name) -}}
{{- end -}}
{{- if and $in.publicKey (not (contains "-----BEGIN PUBLIC KEY-----" $in.publicKey)) -}}
{{- fail (printf "%s: global.jwt.inline.publicKey must be a PEM SPKI public key (-----BEGIN PUBLIC KEY-----), e.g. from scripts/jwt-keys.sh" $name) -}}
{{- end -}}
{{- if and (eq $role "signer") (not (include "shopgraph-lib.jwtSecretName" .)) -}}
{{- fail (printf "%s signs access tokens and needs JWT_PRIVATE_KEY: set global.jwt.existingSecret to a Secret holding both PEMs (keys %s and %s; see charts/README.md \"JWT keys\"), or for a dev cluster --set-file global.jwt.inline.privateKey=.data/jwt/private.pem --set-file global.jwt.inline.publicKey=.data/jwt/public.pem (scripts/jwt-keys.sh); or disable it with %s.enabled=false" $name $g.jwt.privateKeySecretKey $g.jwt.publicKeySecretKey $name) -}}
{{- end -}}
{{- if and $role (not $g.jwt.issuer) -}}
{{- fail (printf "%s: global.jwt.issuer must not be empty" $name) -}}
{{- end -}}
{{- if and $role (not $g.jwt.audience) -}}
{{- fail (printf "%s: global.jwt.audience must not be empty" $name) -}}
{{- end -}}
{{- end -}}

{{/*
shopgraph-lib.validateSecrets: every Secret this workload reads by an existingSecret value
(database.existingSecret, global.kafka.existingSecret, global.jwt.existingSecret,
global.identity.existingSecret) must exist in the
release namespace with the key the chart reads, else `helm install`/`upgrade` fails naming it and
how to create it (instead of pods stuck in CreateContainerConfigError after a "successful" release).
Only when Helm talks to a cluster: `helm template`, `lint` and client-side dry runs cannot look
Secrets up (lookup returns nothing; the namespace's kube-root-ca.crt ConfigMap tells them apart).
Usage: {{ include "shopgraph-lib.validateSecrets" . }}
*/}}
{{- define "shopgraph-lib.validateSecrets" -}}
{{- if lookup "v1" "ConfigMap" .Release.Namespace "kube-root-ca.crt" -}}
{{- $g := include "shopgraph-lib.global" . | fromYaml -}}
{{- $name := include "shopgraph-lib.name" . -}}
{{- $need := list -}}
{{- if and .Values.database.enabled .Values.database.existingSecret -}}
{{- $need = append $need (list .Values.database.existingSecret .Values.database.secretKey "database.existingSecret" "postgres://...") -}}
{{- end -}}
{{- if and (include "shopgraph-lib.kafkaEnabled" .) $g.kafka.existingSecret -}}
{{- $need = append $need (list $g.kafka.existingSecret $g.kafka.secretKey "global.kafka.existingSecret" "broker1:9092,broker2:9092") -}}
{{- end -}}
{{- $role := include "shopgraph-lib.jwtRole" . -}}
{{- if and $role $g.jwt.existingSecret -}}
{{- $key := ternary $g.jwt.privateKeySecretKey $g.jwt.publicKeySecretKey (eq $role "signer") -}}
{{- $need = append $need (list $g.jwt.existingSecret $key "global.jwt.existingSecret" "<PEM>") -}}
{{- end -}}
{{- $identity := include "shopgraph-lib.identityRole" . -}}
{{- if and $identity $g.identity.existingSecret -}}
{{- $key := ternary $g.identity.privateKeySecretKey $g.identity.publicKeySecretKey (eq $identity "signer") -}}
{{- $need = append $need (list $g.identity.existingSecret $key "global.identity.existingSecret" "<PEM>") -}}
{{- end -}}
{{- range $need -}}
{{- $secret := lookup "v1" "Secret" $.Release.Namespace (index . 0) -}}
{{- if not $secret -}}
{{- fail (printf "%s: Secret %s (%s) does not exist in namespace %s; create it before installing: kubectl -n %s create secret generic %s --from-literal=%s=%s (charts/README.md \"Install\")" $name (index . 0) (index . 2) $.Release.Namespace $.Release.Namespace (index . 0) (index . 1) (index . 3)) -}}
{{- end -}}
{{- if not (hasKey ($secret.data | default dict) (index . 1)) -}}
{{- fail (printf "%s: Secret %s (%s) has no key %s; add it: kubectl -n %s create secret generic %s --from-literal=%s=%s --dry-run=client -o yaml | kubectl apply -f -" $name (index . 0) (index . 2) (index . 1) $.Release.Namespace (index . 0) (index . 1) (index . 3)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
