#include "logging.h"

Q_LOGGING_CATEGORY(lcRealtime, "ops.realtime", QtInfoMsg)
Q_LOGGING_CATEGORY(lcQuery, "ops.query", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApi, "ops.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "ops.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModels, "ops.models", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "ops.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerHttp, "ops.server.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerWs, "ops.server.ws", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerDb, "ops.server.db", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerSim, "ops.server.sim", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerWebhooks, "ops.server.webhooks", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerEta, "ops.server.eta", QtInfoMsg)
