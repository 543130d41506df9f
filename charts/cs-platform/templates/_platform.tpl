{{/*
Composition helpers of the umbrella chart: they turn values into the workload contexts the
cs-lib templates take. The Kubernetes objects themselves are all in charts/cs-lib.
*/}}

{{/* A workload's merged spec: workloadDefaults < the given blocks (later wins). Args: list of maps. */}}
{{- define "cs-platform.spec" -}}
{{- $spec := deepCopy .root.Values.workloadDefaults -}}
{{- range .layers }}{{- $spec = mergeOverwrite $spec (deepCopy (. | default dict)) -}}{{- end -}}
{{- toYaml $spec -}}
{{- end -}}

{{/* startup/liveness/readiness probes with one handler each; args: probes (timing), live, ready (handlers) */}}
{{- define "cs-platform.probes" -}}
{{- $p := .probes -}}
startupProbe: {{ merge (deepCopy .live) $p.startup | toJson }}
livenessProbe: {{ merge (deepCopy .live) $p.liveness | toJson }}
readinessProbe: {{ merge (deepCopy .ready) $p.readiness | toJson }}
{{- end -}}

{{/* The Prometheus peer of NetworkPolicies */}}
{{- define "cs-platform.prometheusPeer" -}}
{{- $p := .Values.networkPolicy.prometheus -}}
- namespaceSelector: {{ $p.namespaceSelector | toJson }}
  podSelector: {{ $p.podSelector | toJson }}
{{- end -}}

{{/* Render every object of one Deployment-based workload. */}}
{{- define "cs-platform.deploymentSet" -}}
---
{{ include "cs-lib.deployment" . }}
{{- if .servicePorts }}
---
{{ include "cs-lib.service" . }}
{{- end }}
{{- if .spec.autoscaling.enabled }}
---
{{ include "cs-lib.hpa" . }}
{{- end }}
{{- if .spec.pdb.enabled }}
---
{{ include "cs-lib.pdb" . }}
{{- end }}
{{- if .root.Values.networkPolicy.enabled }}
---
{{ include "cs-lib.networkPolicy" . }}
{{- end }}
{{- if and .metricsPort .root.Values.monitoring.serviceMonitor.enabled }}
---
{{ include "cs-lib.serviceMonitor" . }}
{{- end }}
{{- end -}}
