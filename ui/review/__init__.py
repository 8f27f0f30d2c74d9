"""The back-office approver's window: the department's queue, the case as evidence, the decision."""
