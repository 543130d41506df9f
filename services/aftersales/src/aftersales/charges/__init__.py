"""Charges (AFS-04, AFS-05, AFS-09, AFS-11): the branch's published price list, the quote a
chargeable job is priced by and the customer accepts first, the charge raised for finance
when the order is signed off, and the completed order's filing request to the archives."""
