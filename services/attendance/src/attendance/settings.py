"""Attendance settings: ``CS_ATTENDANCE_*`` environment variables (the kit's fields, these defaults)."""

from __future__ import annotations

from cskit.settings import ServiceSettings, service_config


class AttendanceSettings(ServiceSettings):
    model_config = service_config("attendance")

    database_url: str = "sqlite:///.data/attendance.db"
    grpc_port: int = 50061
    metrics_port: int = 9111
    relay_metrics_port: int = 9112
