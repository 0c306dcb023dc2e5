#pragma once

#include <optional>

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace Ops {

//! \brief Formats log messages for opsboard-server: the plain Qt text, or one JSON object per
//! line (`ts` ISO-8601 UTC with milliseconds, `level`, `category`, `message` and, inside an
//! HTTP request, `request_id`) for log collectors.
class LogFormatter
{
public:
    enum class Format {
        Text,
        Json,
    };

    //! "text" or "json"; nullopt otherwise.
    [[nodiscard]] static std::optional<Format> parseFormat(QStringView name);

    //! One line, without the trailing newline. \a requestId may be empty.
    [[nodiscard]] static QByteArray format(Format format, QtMsgType type, const char *category,
        const QString &message, const QByteArray &requestId);

    //! `debug`, `info`, `warning`, `critical`, `fatal`.
    [[nodiscard]] static const char *levelName(QtMsgType type);
};

} // namespace Ops
