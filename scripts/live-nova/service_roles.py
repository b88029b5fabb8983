"""A paste filter for this set's Cinder: a request carrying a service token
(what Nova sends with ``[service_user] send_service_user_token``) gets
``X-Service-Roles: service``, as keystonemiddleware would give it after
validating the token. Without it Cinder refuses Nova's detach of a connected
attachment and asks Nova through a Keystone catalog it cannot find (500).

Loaded by scripts/live-nova/start.sh through Cinder's api-paste.ini; the
token itself is not checked (noauth, 127.0.0.1 only).
"""


def filter_factory(global_conf, **local_conf):
    def wrap(app):
        def middleware(environ, start_response):
            if environ.get('HTTP_X_SERVICE_TOKEN'):
                environ['HTTP_X_SERVICE_ROLES'] = 'service'
            return app(environ, start_response)
        return middleware
    return wrap
