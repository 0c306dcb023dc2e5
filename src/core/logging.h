#pragma once

#include <QLoggingCategory>

//! \file Every logging category of the project, in one place.
//! Enable at run time, e.g. QT_LOGGING_RULES="ops.realtime.debug=true".

Q_DECLARE_LOGGING_CATEGORY(lcRealtime)
Q_DECLARE_LOGGING_CATEGORY(lcQuery)
Q_DECLARE_LOGGING_CATEGORY(lcApi)
Q_DECLARE_LOGGING_CATEGORY(lcSync)
Q_DECLARE_LOGGING_CATEGORY(lcModels)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcServerHttp)
Q_DECLARE_LOGGING_CATEGORY(lcServerWs)
Q_DECLARE_LOGGING_CATEGORY(lcServerDb)
Q_DECLARE_LOGGING_CATEGORY(lcServerSim)
Q_DECLARE_LOGGING_CATEGORY(lcServerWebhooks)
Q_DECLARE_LOGGING_CATEGORY(lcServerEta)
