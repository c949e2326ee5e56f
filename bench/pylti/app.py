"""A minimal pylti1.3 tool for the launch benchmark (benches/launch.rs).

The same flow as SecureHospitals: /login answers the OIDC login initiation with a redirect to the
platform, /launch validates the id_token (state cookie, nonce, signature with the JWKS cached) and
answers a 303 to a page of the launch. It follows pylti1.3's Flask example: FlaskOIDCLogin and
FlaskMessageLaunch, ToolConfDict, FlaskCacheDataStorage on an in-process cache, and
set_public_key_caching. The platform registration comes as JSON in BENCH_PYLTI_CONFIG.
"""

import json
import os

from flask import Flask, redirect
from flask_caching import Cache
from pylti1p3.contrib.flask import (
    FlaskCacheDataStorage,
    FlaskMessageLaunch,
    FlaskOIDCLogin,
    FlaskRequest,
)
from pylti1p3.tool_config import ToolConfDict

app = Flask(__name__)
app.config.update(
    SECRET_KEY=os.urandom(32),
    CACHE_TYPE="SimpleCache",
    CACHE_DEFAULT_TIMEOUT=600,
    CACHE_THRESHOLD=1_000_000,
)
cache = Cache(app)
TOOL_CONF = ToolConfDict(json.loads(os.environ["BENCH_PYLTI_CONFIG"]))


def launch_data_storage():
    return FlaskCacheDataStorage(cache)


@app.route("/login", methods=["GET", "POST"])
def login():
    request = FlaskRequest()
    oidc_login = FlaskOIDCLogin(
        request, TOOL_CONF, launch_data_storage=launch_data_storage()
    )
    return oidc_login.redirect(request.get_param("target_link_uri"))


@app.route("/launch", methods=["GET", "POST"])
def launch():
    storage = launch_data_storage()
    message_launch = FlaskMessageLaunch(
        FlaskRequest(), TOOL_CONF, launch_data_storage=storage
    )
    message_launch.set_public_key_caching(storage, cache_lifetime=7200)
    data = message_launch.get_launch_data()
    if not data.get("sub"):
        return "anonymous launch", 400
    return redirect(f"/s/{message_launch.get_launch_id()}/", code=303)


@app.route("/s/<launch_id>/")
def page(launch_id):
    storage = launch_data_storage()
    message_launch = FlaskMessageLaunch.from_cache(
        launch_id, FlaskRequest(), TOOL_CONF, launch_data_storage=storage
    )
    return {"sub": message_launch.get_launch_data().get("sub")}


@app.route("/health")
def health():
    return "ok"
