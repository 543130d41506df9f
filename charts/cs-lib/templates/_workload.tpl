{{/*
Kubernetes objects of one workload. Each takes the workload context described in
_helpers.tpl plus, where it needs them:
  args          container args after the image's ENTRYPOINT (["serve"], ["relay"], ["migrate"])
  ports         [{name, containerPort}]
  servicePorts  [{name, port, appProtocol}] (targetPort is the container port of the same name)
  probes        {startupProbe, livenessProbe, readinessProbe} (full probe maps)
  env/secretEnv see cs-lib.env
  ingress       NetworkPolicy ingress rules ([] = the pods accept nothing)
  metricsPort   name of the port Prometheus scrapes; metricsPath
*/}}

{{- define "cs-lib.container" -}}
name: {{ .component }}
image: {{ include "cs-lib.image" . | quote }}
imagePullPolicy: {{ .spec.image.pullPolicy }}
{{- with .args }}
args:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .ports }}
ports:
  {{- range . }}
  - name: {{ .name }}
    containerPort: {{ .containerPort }}
    protocol: TCP
  {{- end }}
{{- end }}
{{ include "cs-lib.env" . }}
{{- with .spec.resources }}
resources:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .probes }}
{{- toYaml . | nindent 0 }}
{{- end }}
securityContext:
  {{- include "cs-lib.containerSecurityContext" . | nindent 2 }}
{{ include "cs-lib.tmpMount" . }}
{{- end -}}

{{- define "cs-lib.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "cs-lib.fullname" . }}
  labels:
    {{- include "cs-lib.labels" . | nindent 4 }}
spec:
  {{- /* With an HPA the HPA owns the replica count; an upgrade must not reset it. */}}
  {{- if not (and .spec.autoscaling .spec.autoscaling.enabled) }}
  replicas: {{ .spec.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "cs-lib.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "cs-lib.labels" . | nindent 8 }}
      {{- with .spec.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      terminationGracePeriodSeconds: {{ .spec.terminationGracePeriodSeconds }}
      {{- include "cs-lib.podSpec" (merge (dict "container" (include "cs-lib.container" .)) .) | nindent 6 }}
{{- end -}}

{{- define "cs-lib.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "cs-lib.fullname" . }}
  labels:
    {{- include "cs-lib.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  {{- if .headless }}
  {{- /* No virtual IP. serve: the gateway resolves every ready pod by DNS and balances per call
         (gRPC round_robin); a ClusterIP would pin each HTTP/2 connection to one pod.
         relay: the Service exists only so a ServiceMonitor can find its pods. */}}
  clusterIP: None
  {{- end }}
  selector:
    {{- include "cs-lib.selectorLabels" . | nindent 4 }}
  ports:
    {{- range .servicePorts }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .name }}
      protocol: TCP
      {{- with .appProtocol }}
      appProtocol: {{ . }}
      {{- end }}
    {{- end }}
{{- end -}}

{{- define "cs-lib.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .serviceAccountName | default (include "cs-lib.fullname" .) }}
  labels:
    {{- include "cs-lib.labels" . | nindent 4 }}
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
# No workload talks to the Kubernetes API.
automountServiceAccountToken: false
{{- end -}}

{{- define "cs-lib.hpa" -}}
{{- $a := .spec.autoscaling -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "cs-lib.fullname" . }}
  labels:
    {{- include "cs-lib.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "cs-lib.fullname" . }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.targetCPUUtilizationPercentage }}
    {{- with $a.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
  behavior:
    scaleDown:
      # Python processes are cheap to keep and slow-ish to warm: shrink slowly.
      stabilizationWindowSeconds: {{ $a.scaleDownStabilizationSeconds }}
      policies:
        - type: Pods
          value: 1
          periodSeconds: 60
{{- end -}}

{{- define "cs-lib.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "cs-lib.fullname" . }}
  labels:
    {{- include "cs-lib.labels" . | nindent 4 }}
spec:
  {{- if hasKey .spec.pdb "minAvailable" }}
  minAvailable: {{ .spec.pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ .spec.pdb.maxUnavailable | default 1 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "cs-lib.selectorLabels" . | nindent 6 }}
{{- end -}}

{{- define "cs-lib.networkPolicy" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "cs-lib.fullname" . }}
  labels:
    {{- include "cs-lib.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "cs-lib.selectorLabels" . | nindent 6 }}
  # Ingress only: egress goes to Kafka, PostgreSQL, DNS and the OTLP collector, which live
  # outside this chart; restrict it with a namespace-wide egress policy where required.
  policyTypes: ["Ingress"]
  {{- if .ingress }}
  ingress:
    {{- toYaml .ingress | nindent 4 }}
  {{- else }}
  ingress: []
  {{- end }}
{{- end -}}

{{- define "cs-lib.serviceMonitor" -}}
{{- $mon := .root.Values.monitoring.serviceMonitor -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "cs-lib.fullname" . }}
  labels:
    {{- include "cs-lib.labels" . | nindent 4 }}
    {{- with $mon.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  jobLabel: app.kubernetes.io/name
  namespaceSelector:
    matchNames: [{{ .root.Release.Namespace | quote }}]
  selector:
    matchLabels:
      {{- include "cs-lib.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: {{ .metricsPort }}
      path: {{ .metricsPath | default "/metrics" }}
      interval: {{ $mon.interval }}
      scrapeTimeout: {{ $mon.scrapeTimeout }}
      # The services label their own series with `service`; keep it rather than rename it
      # to exported_service, which every rule and dashboard would then miss.
      honorLabels: true
      relabelings:
        # Series without their own `service` label (up, process_*) get the platform's name
        # for the service, not the Kubernetes Service's name.
        - sourceLabels: [__meta_kubernetes_service_label_cs_platform_service]
          targetLabel: service
{{- end -}}

{{/*
The migration Job: a Helm hook that runs before install and before every upgrade, so the
new pods only start on a migrated schema. A hook runs before the release's own objects
exist, hence its own hook ServiceAccount (weight -10) and inline env, no ConfigMap.
*/}}
{{- define "cs-lib.migrationJob" -}}
{{- $saName := printf "%s-migrate" (include "cs-lib.fullname" (dict "root" .root "name" .service)) -}}
{{- $ctx := merge (dict "serviceAccountName" $saName) . -}}
{{- $hookSA := dict "helm.sh/hook" "pre-install,pre-upgrade" "helm.sh/hook-weight" "-10" "helm.sh/hook-delete-policy" "before-hook-creation" -}}
{{ include "cs-lib.serviceAccount" (merge (dict "annotations" $hookSA) $ctx) }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "cs-lib.fullname" . }}
  labels:
    {{- include "cs-lib.labels" . | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    # Keep the last run (and its logs) until the next upgrade replaces it.
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  backoffLimit: {{ .spec.backoffLimit }}
  activeDeadlineSeconds: {{ .spec.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "cs-lib.labels" . | nindent 8 }}
    spec:
      restartPolicy: Never
      {{- include "cs-lib.podSpec" (merge (dict "container" (include "cs-lib.container" $ctx)) $ctx) | nindent 6 }}
{{- end -}}

{{- define "cs-lib.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .fullname }}
  labels:
    {{- include "cs-lib.labels" . | nindent 4 }}
    {{- with .extraLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
data:
  {{- range $k, $v := .data }}
  {{ $k }}: {{ $v | toString | quote }}
  {{- end }}
{{- end -}}
