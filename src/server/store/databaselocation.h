#pragma once

#include <QString>

#include "core/error.h"

namespace Ops {

//! \brief Where the data lives: a SQLite file or a PostgreSQL server, parsed from `--db`.
struct DatabaseLocation
{
    enum class Dialect {
        SQLite,
        PostgreSQL,
    };

    Dialect dialect = Dialect::SQLite;
    QString path; //!< SQLite file (or `:memory:`)
    //! PostgreSQL host name or address, or a Unix-socket directory (starts with `/`); empty =
    //! libpq's default (the local socket).
    QString host;
    int port = 5432;
    QString user; //!< empty = libpq's default (the operating-system user)
    QString password; //!< never logged; empty = libpq's PGPASSWORD / passfile
    QString database; //!< empty only with a `service`
    QString options; //!< libpq connect options, `key=value;…`

    //! Parses \a text: `postgresql://[user[:password]@][host][:port]/dbname[?option=value&…]`
    //! (or `postgres://`) for PostgreSQL, anything else is a SQLite path. The options are the
    //! libpq ones a server beside its database needs: `host` (a Unix-socket directory, for
    //! peer authentication), `sslmode`, `sslrootcert`, `sslcert`, `sslkey`, `connect_timeout`,
    //! `application_name`, `service`, `passfile`, `keepalives`, `keepalives_idle`,
    //! `keepalives_interval`, `keepalives_count`, `target_session_attrs`. A malformed URL or an
    //! option outside that list is a BadRequest with the reason (never echoing a password).
    [[nodiscard]] static Error parse(const QString &text, DatabaseLocation *out);
    //! For logs and messages: the URL without the password, or the path.
    [[nodiscard]] QString displayName() const;
};

} // namespace Ops
