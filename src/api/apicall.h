#pragma once

#include <QObject>
#include <QPointer>

#include "apiresult.h"

class QNetworkReply;

namespace Ops {

//! \brief One API call in flight. Emits finished() exactly once, then deletes itself.
class ApiCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiCall)

public:
    explicit ApiCall(QNetworkReply *reply, QObject *parent = nullptr);
    ~ApiCall() override;

    //! Aborts the request; finished() then reports ErrorKind::Cancelled.
    void cancel();
    [[nodiscard]] bool isFinished() const { return m_finished; }

Q_SIGNALS:
    void finished(const Ops::ApiResult &result);

private:
    void onReplyFinished();

    QPointer<QNetworkReply> m_reply;
    bool m_cancelled = false;
    bool m_finished = false;
};

} // namespace Ops
