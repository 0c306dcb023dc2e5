#include "logformatter.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Ops {

std::optional<LogFormatter::Format> LogFormatter::parseFormat(QStringView name)
{
    if (name == "text"_L1)
        return Format::Text;
    if (name == "json"_L1)
        return Format::Json;
    return std::nullopt;
}

const char *LogFormatter::levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

QByteArray LogFormatter::format(Format format, QtMsgType type, const char *category,
    const QString &message, const QByteArray &requestId)
{
    const QString ts = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QLatin1StringView cat(category ? category : "default");
    if (format == Format::Text) {
        QByteArray line = ts.toUtf8() + ' ' + levelName(type) + ' '
            + QByteArray(cat.data(), cat.size()) + ": " + message.toUtf8();
        if (!requestId.isEmpty())
            line += " [" + requestId + ']';
        // One record per line, whatever the message holds.
        line.replace('\n', "\\n");
        return line;
    }
    QJsonObject object {
        { "ts"_L1, ts },
        { "level"_L1, QLatin1StringView(levelName(type)) },
        { "category"_L1, cat },
        { "message"_L1, message },
    };
    if (!requestId.isEmpty())
        object.insert("request_id"_L1, QString::fromLatin1(requestId));
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace Ops
