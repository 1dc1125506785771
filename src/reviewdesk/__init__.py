"""reviewdesk: an offline-first review workstation for 卫生专业技术资格考试 registrations (湖北考区).

Layers (dependencies point one way): ``views`` (Qt) → ``store``/``sync`` → ``models``/``domain``;
``server`` → ``domain``. Only ``views`` and the app entry import Qt.
"""

__version__ = "0.1.0"
API_VERSION = 1
