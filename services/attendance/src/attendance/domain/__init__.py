"""What attendance's sub-domains share: the people they are about and the facts one sub-domain
hands another (``people``, ``facts``). Pure: no adapters, no I/O besides the Protocols' awaits."""
