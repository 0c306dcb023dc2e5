#pragma once

#include <optional>

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "core/error.h"
#include "csvreader.h"
#include "protocol/changeevent.h"

namespace Ops {

class Store;

//! \brief One CSV import: the file, as whom, and how.
struct ImportRequest
{
    QByteArray csv;
    QString actor;
    QStringList visibleRegions; //!< every row's region must be one of these; empty = any
    bool dryRun = false; //!< check and report, write nothing
    //! Import the valid rows even when others are invalid (they are reported and skipped).
    bool partial = false;
    CsvLimits limits;
};

//! \brief A row the import refused, and why.
struct ImportProblem
{
    int row = 0; //!< as a spreadsheet numbers it: the header is row 1
    int line = 0; //!< the file line the row starts on
    QString field; //!< the column; empty when the row as a whole is wrong
    QString reason;
};

//! \brief A row whose externalRef is already an order: found, not created again.
struct ImportExisting
{
    int row = 0;
    QString externalRef;
    QString id;
};

//! \brief What an import did or, for a dry run, would do.
struct ImportReport
{
    //! The file as a whole: unreadable, wrong columns, too large, storage; or, for a real run
    //! without `partial`, invalid rows (nothing was written). Row problems are in `problems`.
    Error error;
    //! With an error: what kind of problem, as a metrics label (`too_large`, `encoding`,
    //! `malformed`, `empty`, `columns`, `invalid_rows`, `storage`).
    QString rejection;
    bool dryRun = false;
    bool partial = false;
    int rowsRead = 0;
    int rowsValid = 0;
    int created = 0; //!< dry run: would be created
    QList<ImportProblem> problems; //!< the first MaxListed
    int problemCount = 0;
    QList<ImportExisting> existing; //!< the first MaxListed
    int existingCount = 0;
    QString importId; //!< when something was written
    QString firstId;
    QString lastId;
    std::optional<ChangeEvent> event;

    //! The answer body (docs/protocol.md, "POST /api/orders/import").
    [[nodiscard]] QJsonObject toJson() const;
};

//! \brief The CSV import of orders: the columns, their rules, and the one write.
//!
//! Every row is checked with the rules of `POST /api/orders` (OrderFields, validateOrder())
//! plus: an `externalRef` is required (it is what makes a re-import create no duplicates) and
//! may appear once per file, and the region must be the caller's. Rows whose externalRef is
//! already an order are reported as `existing` and not created again. The valid new rows are
//! written in one transaction with one `import.created` event (ImportRepository), or none is.
class OrderImport
{
public:
    //! Rows and existing refs listed in a report at most (counts are always complete).
    static constexpr int MaxListed = 1000;

    //! The column names the header may use (case and surrounding spaces do not matter).
    [[nodiscard]] static const QStringList &columns();
    //! The columns every file needs (plus `amount` or `amountCents`).
    [[nodiscard]] static const QStringList &requiredColumns();

    [[nodiscard]] static ImportReport run(Store &store, const ImportRequest &request);
};

} // namespace Ops
