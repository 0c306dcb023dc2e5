#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

#include "api/ordersapi.h"

namespace Ops {

class ApiClient;

//! \brief A CSV file of orders on its way in: read, checked by the server without writing
//! (`POST /api/orders/import?dryRun=1`), then imported in one transaction.
//!
//! The server does all the checking (one set of rules for the API, the CSV file and the
//! operator's command); this class holds the file's bytes between the check and the import, so
//! what is imported is exactly what was checked. The imported orders reach every screen through
//! the `import.created` event (one delta read per client), not through this class.
class OrderImporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderImporter)

public:
    //! The server's limit, said before the upload: a file over it cannot be imported.
    static constexpr qint64 MaxFileBytes = 8 * 1024 * 1024;

    explicit OrderImporter(ApiClient *api, QObject *parent = nullptr);
    ~OrderImporter() override;

    //! Reads \a fileName; false with a reason in \a error when it cannot be read, is empty or is
    //! larger than MaxFileBytes.
    bool load(const QString &fileName, QString *error);
    //! Takes the file's bytes as they are (tests, a drop of text).
    void setContents(const QByteArray &csv, const QString &name);
    [[nodiscard]] const QByteArray &contents() const { return m_csv; }
    [[nodiscard]] const QString &fileName() const { return m_name; }
    [[nodiscard]] bool isBusy() const { return m_busy; }

    //! Asks the server to check the file (nothing is written); checked() or failed() answers.
    void check();
    //! Imports the file: every new row, or with \a partial the valid ones while others are
    //! invalid. imported() or failed() answers.
    void import(bool partial);

Q_SIGNALS:
    void checked(const Ops::OrdersApi::ImportReport &report);
    void imported(const Ops::OrdersApi::ImportReport &report);
    //! The server refused the file or could not be reached. \a report is the server's report
    //! when it refused the rows (rowsRead > 0), empty otherwise.
    void failed(const QString &message, const Ops::OrdersApi::ImportReport &report);
    void busyChanged(bool busy);

private:
    void send(bool dryRun, bool partial);
    void setBusy(bool busy);

    QPointer<ApiClient> m_api;
    QByteArray m_csv;
    QString m_name;
    bool m_busy = false;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::OrdersApi::ImportReport)
