#pragma once

// The few QtHttpServer calls whose API changed between Qt 6.4 and 6.8, behind one name each.
// 6.8 replaced QHttpServerResponse::setHeader() by headers()/setHeaders(QHttpHeaders).

#include <QByteArray>
#include <QHttpServerResponse>
#include <QtGlobal>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#endif

namespace Ops {

//! Sets header \a name to \a value on \a response, replacing an earlier value.
inline void setResponseHeader(
    QHttpServerResponse &response, const QByteArray &name, const QByteArray &value)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders headers = response.headers();
    headers.replaceOrAppend(name, value);
    response.setHeaders(std::move(headers));
#else
    response.setHeader(name, value);
#endif
}

} // namespace Ops
