"""Who did something: the one type every service takes as ``by=``.

A change is made by a team member (a user signed in to a tenant), by one of the tenant's API keys, or
by the system itself (a beat sweep, a migration, an operator's command). Services record and audit the
actor they are given; they never look at a request.
"""

from dataclasses import dataclass

from accounts.models import ApiKey, User


@dataclass(frozen=True)
class Actor:
    """A member (``user``), an API key (``api_key``, acting for the user who created it) or the system."""

    user: User | None = None
    api_key: ApiKey | None = None
    system: str = ""

    @classmethod
    def member(cls, user: User) -> "Actor":
        return cls(user=user)

    @classmethod
    def key(cls, api_key: ApiKey) -> "Actor":
        return cls(user=api_key.created_by, api_key=api_key)

    @classmethod
    def process(cls, name: str) -> "Actor":
        """The system acting on its own: ``name`` says which process (``"retention sweep"``)."""
        return cls(system=name)

    @property
    def kind(self) -> str:
        if self.api_key is not None:
            return "api_key"
        return "member" if self.user is not None else "system"

    @property
    def label(self) -> str:
        """How a person reading a history sees this actor."""
        if self.api_key is not None:
            return f"API key {self.api_key.name} ({self.api_key.prefix}…)"
        if self.user is not None:
            return self.user.email
        return f"system: {self.system}" if self.system else "system"
