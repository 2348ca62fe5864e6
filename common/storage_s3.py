"""The private storage on an S3-compatible store (needs the "s3" extra: django-storages).

Imported only when production settings configure it. Objects are written with a private ACL and
the storage refuses to make URLs, signed or not: a signed URL would be a bearer link to a
certificate that anybody it is forwarded to could open. Files go out through our views only.
"""

from storages.backends.s3 import S3Storage

from .storage import NoPublicURL


class PrivateS3Storage(NoPublicURL, S3Storage):
    default_acl = "private"
    querystring_auth = True
    file_overwrite = False
