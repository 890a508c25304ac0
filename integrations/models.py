"""Models of the integrations app live beside the integration they serve; importing them here registers them."""

from integrations.trs.models import TRSInductionStatusUpdate

__all__ = ["TRSInductionStatusUpdate"]
