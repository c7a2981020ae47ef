{{/*
The services of files/services.yaml (generated from scripts/infra/services.ts): name, dbRole (none
for the gateway), httpPort, grpcPort (for those the gateway calls). Use: include ... | fromJson.
*/}}
{{- define "parkledger.serviceList" -}}
{{- toJson (.Files.Get "files/services.yaml" | fromYaml) -}}
{{- end -}}

{{/* One service's values: serviceDefaults, then services.<name> over them. Context: dict root name. */}}
{{- define "parkledger.serviceValues" -}}
{{- $own := index .root.Values.services .name | default dict -}}
{{- toJson (mergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $own)) -}}
{{- end -}}

{{/* The labels of a service's objects. Context: dict root name. */}}
{{- define "parkledger.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: parkledger
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* The labels of the chart's Kafka and Postgres objects. Context: root. */}}
{{- define "parkledger.infraLabels" -}}
app.kubernetes.io/part-of: parkledger
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Where the services find Kafka: the Strimzi cluster's bootstrap service, or kafka.bootstrapServers. */}}
{{- define "parkledger.kafkaBrokers" -}}
{{- if .Values.kafka.enabled -}}
{{ .Values.kafka.name }}-kafka-bootstrap:9092
{{- else -}}
{{ required "kafka.bootstrapServers is required when kafka.enabled is false" .Values.kafka.bootstrapServers }}
{{- end -}}
{{- end -}}

{{/* Where the services find Postgres: the CloudNativePG cluster's read-write service, or postgres.host. */}}
{{- define "parkledger.postgresHost" -}}
{{- if .Values.postgres.enabled -}}
{{ .Values.postgres.name }}-rw
{{- else -}}
{{ required "postgres.host is required when postgres.enabled is false" .Values.postgres.host }}
{{- end -}}
{{- end -}}

{{/* The database: parkledger in the chart's cluster (its bootstrap SQL grants that one), else postgres.database. */}}
{{- define "parkledger.postgresDatabase" -}}
{{- if .Values.postgres.enabled -}}
parkledger
{{- else -}}
{{ required "postgres.database is required when postgres.enabled is false" .Values.postgres.database }}
{{- end -}}
{{- end -}}

{{/* A service's database password Secret: <prefix><service>-db. Context: dict root name. */}}
{{- define "parkledger.databaseSecret" -}}
{{ .root.Values.secrets.databasePrefix }}{{ .name }}-db
{{- end -}}

{{/* A service's image. Context: dict root name. */}}
{{- define "parkledger.image" -}}
{{ .root.Values.image.repository }}/{{ .name }}:{{ .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- end -}}
