"""Customer data (PLT-06): masks, the role policy, masking responses by the contract, the
audited reveal and export grants, and their trail (docs/architecture.md "Customer data")."""

from cskit.privacy.masks import PersonalKind, mask, mask_address, mask_details, mask_id_number, mask_phone
from cskit.privacy.policy import PersonalDataPolicy

__all__ = [
    "PersonalDataPolicy",
    "PersonalKind",
    "mask",
    "mask_address",
    "mask_details",
    "mask_id_number",
    "mask_phone",
]
