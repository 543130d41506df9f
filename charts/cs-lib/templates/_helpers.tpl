{{/*
Names, labels, images and the pod/container pieces every workload shares.

Every named template here takes a dict ("workload context") built by cs-lib.workloadContext:
  root      the umbrella chart's root context ($), for .Release, .Chart, .Values
  name      the workload's name, e.g. "complaints", "complaints-relay", "gateway"
  component "serve" | "relay" | "gateway" | "migrate"
  service   the service the workload belongs to ("complaints"; "gateway" for the gateway)
  spec      the merged workload values (defaults < service block < component block)
*/}}

{{/* <release>-<workload>, e.g. cs-complaints, cs-complaints-relay, cs-gateway */}}
{{- define "cs-lib.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "cs-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "cs-lib.labels" -}}
{{ include "cs-lib.selectorLabels" . }}
app.kubernetes.io/part-of: cs-platform
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
cs-platform/service: {{ .service }}
{{- end -}}

{{/* The service's settings prefix: complaints -> CS_COMPLAINTS_, after-sales -> CS_AFTER_SALES_ */}}
{{- define "cs-lib.envPrefix" -}}
{{- printf "CS_%s_" (. | upper | replace "-" "_") -}}
{{- end -}}

{{/* registry/repository:tag; the tag defaults to the chart's appVersion */}}
{{- define "cs-lib.image" -}}
{{- $img := .spec.image -}}
{{- $registry := .root.Values.global.imageRegistry | default "" -}}
{{- $repo := ternary $img.repository (printf "%s/%s" $registry $img.repository) (empty $registry) -}}
{{- $tag := $img.tag | default .root.Chart.AppVersion | toString -}}
{{- if hasPrefix "sha256:" $tag -}}{{- /* a bare digest: repo@sha256:... */ -}}
{{- printf "%s@%s" $repo $tag -}}
{{- else -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}
{{- end -}}

{{- define "cs-lib.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .spec.securityContext.runAsUser }}
runAsGroup: {{ .spec.securityContext.runAsGroup }}
fsGroup: {{ .spec.securityContext.runAsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "cs-lib.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .spec.securityContext.runAsUser }}
runAsGroup: {{ .spec.securityContext.runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The pod spec shared by Deployments and the migration Job. Needs .container (the container body). */}}
{{- define "cs-lib.podSpec" -}}
serviceAccountName: {{ .serviceAccountName | default (include "cs-lib.fullname" (dict "root" .root "name" .service)) }}
automountServiceAccountToken: false
# Kubernetes would inject <SERVICE>_PORT=tcp://... for every Service in the namespace, and a
# Service called "<release>-gateway" with release "cs" yields CS_GATEWAY_PORT, which collides
# with the settings' own CS_GATEWAY_PORT. The platform finds peers by DNS, so turn links off.
enableServiceLinks: false
securityContext:
  {{- include "cs-lib.podSecurityContext" . | nindent 2 }}
{{- with .root.Values.global.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .spec.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .spec.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .spec.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .spec.topologySpread }}
topologySpreadConstraints:
  # Spread replicas over nodes when the cluster allows; never block scheduling over it.
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "cs-lib.selectorLabels" . | nindent 8 }}
{{- end }}
volumes:
  # The only writable place (readOnlyRootFilesystem): Python's and gRPC's temp files.
  - name: tmp
    emptyDir:
      sizeLimit: {{ .spec.tmpSizeLimit }}
containers:
  - {{ .container | nindent 4 | trim }}
{{- end -}}

{{/*
The container's env: plain settings (.env, a map NAME -> value, rendered as literals) and
Secret references (.secretEnv, a map NAME -> {name, key}); a secret value is never rendered.
Inline env rather than a ConfigMap so the pre-install migration hook (which runs before any
release object exists) gets exactly the same settings as the Deployments.
*/}}
{{- define "cs-lib.env" -}}
env:
{{- range $var, $value := .env }}
  - name: {{ $var }}
    value: {{ $value | toString | quote }}
{{- end }}
{{- range $var, $ref := .secretEnv }}
  - name: {{ $var }}
    valueFrom:
      secretKeyRef:
        name: {{ required (printf "%s needs a Secret name (an existingSecret value)" $var) $ref.name }}
        key: {{ required (printf "%s needs a Secret key" $var) $ref.key }}
{{- end }}
{{- end -}}

{{- define "cs-lib.tmpMount" -}}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end -}}
