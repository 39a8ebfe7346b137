//! English texts of every `Key` (refusals are their own `Display`, in `domain/error.rs`).

use super::Key;

pub(super) fn en(key: Key) -> &'static str {
    match key {
        Key::Pipeline => "Pipeline",
        Key::Loading => "Loading the pipeline…",
        Key::AddOpportunity => "Add an opportunity",
        Key::OpportunityTitle => "Opportunity title",
        Key::Customer => "Customer",
        Key::ExpectedRevenue => "Expected revenue",
        Key::Currency => "Currency",
        Key::Add => "Add",
        Key::Cancel => "Cancel",
        Key::NoOpportunities => "No opportunities",
        Key::OpportunitiesCount => "{n} opportunities",
        Key::Priority => "Priority",
        Key::Language => "Language",
        Key::Online => "Up to date",
        Key::Offline => "Offline",
        Key::Retrying => "Server busy, retrying",
        Key::Syncing => "Syncing…",
        Key::Waiting => "{n} changes waiting",
        Key::Refused => "The server refused a change",
        Key::Dismiss => "Dismiss",
        Key::Fold => "Fold column",
        Key::Unfold => "Unfold column",
        Key::Delete => "Delete",
        Key::InvalidAmount => "Type the amount as a number, e.g. 1250000",
        Key::OnePerLine => "Options, one per line",
        Key::Decimals => "Decimals",
        Key::NextColour => "A click gives the next colour",
        Key::Yes => "Yes",
        Key::No => "No",
        Key::DeletedFields => "Deleted: their values are kept, and come back with them",
        Key::DeletedFieldsKept => {
            "Their values stay in the records for {n} days after the field is deleted, and come back with it; then they are removed."
        }
        Key::SegmentInAll => {
            "{n} in all, counting deals closed over a year ago (asked of the server)"
        }
        Key::CustomFieldsHint => {
            "What your team tracks beyond the fields Rapport has: it shows in the form, on the card if chosen, and in the timeline."
        }
        Key::MoreFields => "More fields",
        Key::OtherTeamsStage => {
            "This deal belongs to another team: it moves only between its team's stages (change its team in the deal to move it there)."
        }
        Key::WasDeleted => "Deleted",
        Key::WasRestored => "Restored",
        Key::NoSuchDay => "There is no such day: type it again or pick it from the calendar.",
        Key::CopyByHand => {
            "Your browser did not copy it: the address is selected, copy it yourself (Ctrl+C, or hold it on a phone)."
        }
        Key::NewCalendarFeedAsk => {
            "A new address stops the current one: calendars subscribed to it must be given the new one. Make a new address?"
        }
        Key::NotKeptInBrowser => {
            "This change could not be kept in this browser, so it was not made ({reason}). Free some space on this device, then try again."
        }
        Key::NeedsConnection => {
            "This needs a connection to the server. Try again once you are online."
        }
        Key::ServerUnreachable => "The server could not be reached. Try again in a moment.",
        Key::ServerAnswerUnreadable => {
            "The server’s answer could not be read. Reload the page; if it happens again, tell your administrator."
        }
        Key::Previous => "Previous",
        Key::Next => "Next",
        Key::Week => "Week",
        Key::MovedTo => "Moved to {date}",
        Key::CalendarFeed => "Your activities in your phone’s calendar",
        Key::CalendarFeedHint => {
            "Subscribe to this address in your calendar app (Google Calendar: Other calendars → From URL; iPhone: Settings → Calendar → Accounts → Add Subscribed Calendar). It lists the activities assigned to you and follows their changes."
        }
        Key::MakeCalendarFeed => "Make my calendar address",
        Key::NewCalendarFeed => "Make a new address (the old one stops working)",
        Key::StopCalendarFeed => "Stop the calendar address",
        Key::CalendarFeedOnce => {
            "Copy it now: it is shown only once. Anyone with it can read your activities, so keep it private."
        }
        Key::CalendarFeedMadeOn => "Your calendar address was made on {date}.",
        Key::Copy => "Copy",
        Key::Copied => "Copied",
        Key::Rotting => "Rotting",
        Key::RottingHint => "Deals with no change for their stage's rotting days",
        Key::RottingFor => "Rotting: no change for {n} days",
        Key::InStageFor => "In this stage for {n} days",
        Key::DaysShort => "{n}d",
        Key::RottingAfter => "Rotting after (days, 0: never)",
        Key::InvalidRottingDays => "Rotting days must be a whole number from 0 to 3650",
        Key::FoldColumn => "Fold this column",
        Key::UnfoldColumn => "Unfold this column",
        Key::More => "More",
        Key::CalendarName => "Calendar",
        Key::AccountMenu => "Your account",
        Key::PickADay => "Pick a day",
        Key::MonthBefore => "Month before",
        Key::MonthAfter => "Month after",
        Key::ReapplyFailed => {
            "«{what}» did not come back in time to make your change again: make it once more"
        }
        Key::CancelActivity => "Cancel activity",
        Key::CancelActivityQuestion => "Cancel this activity? It cannot be brought back.",
        Key::KeepIt => "Keep it",
        Key::Tomorrow => "Tomorrow",
        Key::ThisWeek => "This week",
        Key::LaterOn => "Later",
        Key::OverwrittenBy => {
            "Your change to {field} of «{what}» was replaced by a later one from {who}: {won}"
        }
        Key::SearchDeals => "Search deals: title, customer, contact, phone, email",
        Key::Mine => "Mine",
        Key::AnySalesperson => "Any salesperson",
        Key::AnyTag => "Any tag",
        Key::AnyActivity => "Any activity",
        Key::DueTodayOrBefore => "Due today or overdue",
        Key::DealsShown => "Deals shown: {n}",
        Key::ClearFilters => "Clear filters",
        Key::WeightedShort => "weighted {amount}",
        Key::DeletedUndo => "“{what}” deleted",
        Key::Undo => "Undo",
        Key::UnsavedQuestion => "You have changes that are not saved.",
        Key::Discard => "Discard them",
        Key::KeepEditing => "Keep editing",
        Key::DeleteQuestion => "Delete “{what}”? You can undo it for a few seconds.",
        Key::AmountAmbiguous => {
            "“{mark}” could mean thousands or decimals here: write the amount like {example}, or add a word of size (k, m)"
        }
        Key::AmountGroups => "Group the digits in threes (1,234,567) or not at all",
        Key::AmountNoDecimals => "{currency} amounts have no decimals",
        Key::AmountDecimals => "{currency} amounts have at most {n} decimals",
        Key::AmountReadAs => "Read as {amount}",
        Key::Restore => "Restore",
        Key::Won => "Won",
        Key::Lost => "Lost",
        Key::MarkLost => "Mark as lost",
        Key::LostReason => "Lost reason",
        Key::NoReason => "— no reason —",
        Key::Note => "Note",
        Key::LostDeals => "Lost ({n})",
        Key::NoLostDeals => "No lost opportunities",
        Key::Reopen => "Reopen",
        Key::Email => "Email",
        Key::Board => "Board",
        Key::List => "List",
        Key::Search => "Search title, customer, email, phone",
        Key::GroupBy => "Group by",
        Key::SortBy => "Sort by",
        Key::AsPlaced => "As placed",
        Key::Reversed => "Reverse order",
        Key::Nothing => "Nothing",
        Key::Stage => "Stage",
        Key::Close => "Close",
        Key::Salesperson => "Salesperson",
        Key::Nobody => "— nobody —",
        Key::Team => "Sales team",
        Key::AllTeams => "All teams",
        Key::NoTeam => "— no team —",
        Key::Description => "Description",
        Key::Tags => "Tags",
        Key::Activities => "Activities",
        Key::ScheduleActivity => "Schedule an activity",
        Key::ActivityType => "Activity type",
        Key::DueDate => "Due date",
        Key::Summary => "Summary",
        Key::MarkDone => "Mark done",
        Key::Feedback => "Feedback",
        Key::Overdue => "Overdue",
        Key::Today => "Today",
        Key::Planned => "Planned",
        Key::NoActivities => "Nothing to do",
        Key::MyActivities => "My activities",
        Key::Everyone => "Everyone's",
        Key::SuggestedNext => "Next, schedule:",
        Key::Leads => "Leads",
        Key::NewLead => "New lead",
        Key::LeadTitle => "Lead title",
        Key::Convert => "Convert to opportunity",
        Key::Lead => "Lead",
        Key::Opportunity => "Opportunity",
        Key::MoreCount => "+{n} more",
        Key::DecimalsAtMost => "at most {n} decimals",
        Key::CreateNew => "Create a new one",
        Key::NoneChoice => "None",
        Key::MatchedOnEmail => "same email",
        Key::MatchedOnPhone => "same phone",
        Key::MatchedOnName => "same name",
        Key::Contacts => "Contacts",
        Key::Companies => "Companies",
        Key::Contact => "Contact",
        Key::Company => "Company",
        Key::NewContact => "New contact",
        Key::NewCompany => "New company",
        Key::JobTitle => "Job title",
        Key::Address => "Address",
        Key::Timeline => "Timeline",
        Key::Settings => "Settings",
        Key::Stages => "Stages",
        Key::LostReasons => "Lost reasons",
        Key::Name => "Name",
        Key::Leader => "Team leader",
        Key::Members => "Members",
        Key::ForQuotations => "Quotations",
        Key::ForOpportunities => "Opportunities",
        Key::ForWarranty => "Warranty",
        Key::WonStage => "Won stage",
        Key::Folded => "Folded",
        Key::MoveUp => "Move up",
        Key::MoveDown => "Move down",
        Key::Colour => "Colour",
        Key::Icon => "Icon",
        Key::Delay => "Delay",
        Key::Days => "days",
        Key::Weeks => "weeks",
        Key::Months => "months",
        Key::AfterCompletion => "after completion",
        Key::AfterPreviousDeadline => "after the previous deadline",
        Key::Chaining => "After it is done",
        Key::ChainNothing => "nothing",
        Key::ChainSuggest => "suggest next activities",
        Key::ChainTrigger => "schedule the next activity automatically",
        Key::Edit => "Edit",
        Key::NoLeads => "No leads to qualify",
        Key::HistoryOffline => "The full history shows when you are online.",
        Key::PageNotLoaded => {
            "This page is not on this device yet: it opens once you are back online."
        }
        Key::TryAgain => "Try again",
        Key::Opportunities => "Opportunities",
        Key::Everyone2 => "Everyone",
        Key::Done => "Done",
        Key::AddStage => "Add a stage",
        Key::EveryTeamsStage => "every team",
        Key::Created => "created",
        Key::Changed => "changed {field}",
        Key::ActivityDoneOn => "done",
        Key::Nobody2 => "nobody",
        Key::ConvertTitle => "Convert the lead",
        Key::Open => "Open",
        Key::Quotations => "Quotations",
        Key::NewQuotation => "New quotation",
        Key::Product => "Product",
        Key::Quantity => "Quantity",
        Key::UnitPrice => "Unit price",
        Key::Discount => "Discount (%)",
        Key::Tax => "Tax (%)",
        Key::Untaxed => "Untaxed amount",
        Key::TaxAmount => "Taxes",
        Key::Total => "Total",
        Key::AddLine => "Add a line",
        Key::Send => "Mark as sent",
        Key::Accept => "Accept",
        Key::Decline => "Decline",
        Key::Print => "Print / PDF",
        Key::Draft => "Draft",
        Key::Sent => "Sent",
        Key::Accepted => "Accepted",
        Key::Declined => "Declined",
        Key::Price => "Price",
        Key::ValidUntil => "Valid until",
        Key::BackToDraft => "Back to draft",
        Key::QuotationFor => "Quotation for",
        Key::Line => "Line",
        Key::NoProduct => "— free text —",
        Key::InvalidNumber => "Type a whole number",
        Key::LogNote => "Log note",
        Key::Any => "Any",
        Key::Save => "Save",
        Key::Phone => "Phone",
        Key::Probability => "Probability (%)",
        Key::ExpectedClose => "Expected closing",
        Key::InvalidProbability => "Type a whole number from 0 to 100",
        Key::InvalidDate => "Pick a date",
        Key::Overwritten => {
            "Your change to {field} of «{what}» was replaced by a later one from elsewhere: {won}"
        }
        Key::DeletedMeanwhile => {
            "«{what}» was deleted by someone else, so your change was not saved"
        }
        Key::LineNumber => "line {n}",
        Key::StorageFull => {
            "This browser's storage is full, so the board is not kept for offline use. \
             Your unsent changes are safe and will still be sent."
        }
        Key::NoOfflineCopy => {
            "This browser does not let Rapport keep records (storage is turned off, or this is a private window), so nothing opens offline. \
             Everything works while you are online, and your unsent changes are kept."
        }
        Key::CopyUnreadable => {
            "This browser's copy of your records could not be read, so it will be downloaded again once online; until then nothing opens offline. \
             Your unsent changes are safe and will still be sent."
        }
        Key::ServerCouldNotTake => {
            "The server could not take your changes just now; they are kept and sent again shortly. It said:"
        }
        Key::Dashboard => "Dashboard",
        Key::Period => "Period",
        Key::ThisMonth => "This month",
        Key::ThisQuarter => "This quarter",
        Key::ThisYear => "This year",
        Key::Last12Months => "Last 12 months",
        Key::AllSalespeople => "All salespeople",
        Key::OpenPipeline => "Open pipeline",
        Key::WeightedPipeline => "Weighted pipeline",
        Key::WonThisMonth => "Won this month",
        Key::WonThisQuarter => "Won this quarter",
        Key::OfTarget => "{n}% of target",
        Key::NoTarget => "no target set",
        Key::WinRate => "Win rate",
        Key::LeadToOpportunity => "Lead → opportunity",
        Key::OpportunityToWon => "Lead → won",
        Key::SalesCycle => "Average sales cycle",
        Key::DaysN => "{n} days",
        Key::OverdueActivities => "Overdue activities",
        Key::Funnel => "Funnel by stage",
        Key::Forecast => "Forecast by expected closing month",
        Key::Weighted => "Weighted",
        Key::Unweighted => "Unweighted",
        Key::WonAndLost => "Won and lost over time",
        Key::Campaigns => "Campaigns",
        Key::Sources => "Sources",
        Key::Campaign => "Campaign",
        Key::Source => "Source",
        Key::ShowTable => "Table",
        Key::ShowChart => "Chart",
        Key::ExportCsv => "Export CSV",
        Key::Month => "Month",
        Key::Deals => "Deals",
        Key::Value => "Value",
        Key::Qualified => "Qualified",
        Key::WonRevenue => "Won revenue",
        Key::Conversion => "Conversion",
        Key::Earlier => "Overdue",
        Key::NoRate => {
            "Deals in these currencies have no exchange rate and are left out of the sums:"
        }
        Key::Undated => "{n} open deals have no expected closing date and are not in the forecast",
        Key::Targets => "Monthly targets",
        Key::Amount => "Amount",
        Key::Organisation => "Whole organisation",
        Key::CurrencyRates => "Currency and exchange rates",
        Key::CompanyCurrency => "Reports are in",
        Key::PhoneCountry => "Phone numbers without a country code are from",
        Key::PhoneCountryFromCurrency => "— the currency's country —",
        Key::SignIn => "Sign in",
        Key::Password => "Password",
        Key::WrongCredentials => "Wrong email or password",
        Key::TooManyAttempts => "Too many failed attempts: try again in {n} seconds",
        Key::DemoAccounts => "Demo accounts. The password of each is:",
        Key::SignOut => "Sign out",
        Key::SignOutEverywhere => "Sign out everywhere",
        Key::UnsentOnSignOut => {
            "{n} changes have not reached the server yet. Sign out anyway and lose them?"
        }
        Key::ChangePassword => "Change password",
        Key::CurrentPassword => "Current password",
        Key::NewPassword => "New password (at least 10 characters)",
        Key::PasswordChanged => "Password changed",
        Key::People => "People and access",
        Key::Role => "Role",
        Key::RoleAdmin => "Administrator",
        Key::RoleManager => "Sales manager",
        Key::RoleSalesperson => "Salesperson",
        Key::RoleReadOnly => "Read-only",
        Key::Active => "Active",
        Key::SetPassword => "Set password",
        Key::AddPerson => "Add person",
        Key::SharedPipeline => "Members see the whole team pipeline",
        Key::ReadOnlyNotice => "Read-only: you can look, but not change anything",
        Key::Account => "Account",
        Key::NotFoundOrHidden => "This record does not exist, or you may not see it.",
        Key::LoadingRecord => "Loading…",
        Key::FetchingRecord => "Not kept on this device: opening it from the server…",
        Key::NotKeptHere => {
            "This record is not kept on this device: deals closed over a year ago, and what belongs to them, stay on the server. It opens when you are online."
        }
        Key::PastOnServer => {
            "Deals closed before {date} are kept on the server, not on this device."
        }
        Key::SearchPast => "Search them on the server",
        Key::PastNone => "No deal closed before then matches.",
        Key::PastNeedsConnection => "Searching older deals needs a connection.",
        Key::Import => "Import",
        Key::ImportFile => "Import a file",
        Key::ImportWhat => "The file holds",
        Key::ImportChooseFile => "File (CSV or Excel .xlsx)",
        Key::ImportUpload => "Read the file",
        Key::ImportReading => "Reading the file…",
        Key::ImportEncoding => "Encoding",
        Key::ImportSeparator => "Separator",
        Key::ImportDetect => "Detect",
        Key::ImportTab => "Tab",
        Key::ImportHeaderRow => "The first row names the columns",
        Key::ImportLeaveOut => "— leave out —",
        Key::ImportWhenSame => "When a row is someone already here",
        Key::ImportSkip => "Leave the existing one as it is",
        Key::ImportUpdate => "Update it with the row's cells",
        Key::ImportCreate => "Create a new one anyway",
        Key::ImportCurrency => "Currency of amounts written without one",
        Key::ImportDecimal => "Decimal mark of the numbers",
        Key::ImportDecimalEach => "As each number reads (1.234.567 · 12,5)",
        Key::ImportDecimalPoint => "Point: 1,234.5",
        Key::ImportDecimalComma => "Comma: 1.234,5",
        Key::ImportedFrom => "Imported from",
        Key::ImportCreateTags => "Create the tags that do not exist: {names}",
        Key::ImportSaveAs => "Save this mapping as",
        Key::ImportMappingUsed => "The saved mapping “{name}” is applied.",
        Key::ImportCheck => "Check the file",
        Key::ImportChecking => "Checking every row…",
        Key::ImportChecked => {
            "Nothing is written yet. {create} new, {update} updated, {skip} skipped, {failed} with mistakes."
        }
        Key::ImportNewCompanies => "New companies named in the file, created with it: {n}.",
        Key::ImportMoreFailures => "The first {n} are listed; the download holds them all.",
        Key::ImportLine => "Line",
        Key::ImportColumn => "Column",
        Key::ImportWhy => "Why",
        Key::ImportStart => "Import {n} rows",
        Key::ImportProgress => "{done} of {total} rows",
        Key::ImportRate => "{n} rows a second",
        Key::ImportQueued => "Waiting to start",
        Key::ImportRunning => "Importing",
        Key::ImportDone => "Imported",
        Key::ImportCancelled => "Cancelled: the batches before it are kept",
        Key::ImportFailed => "Stopped by an error: the batches before it are kept",
        Key::ImportUndone => "Undone",
        Key::ImportCounts => {
            "{created} created, {updated} updated, {skipped} skipped, {failed} failed"
        }
        Key::ImportUndo => "Undo this import",
        Key::ImportUndoSays => {
            "Removes the records this import created, if no one has changed them since. Records it updated keep their new values."
        }
        Key::ImportDownloadFailed => "Download the rows with mistakes",
        Key::ImportAnother => "Import another file",
        Key::ImportHistory => "Earlier imports",
        Key::ImportNone => "No file has been imported yet.",
        Key::ImportNeedsConnection => "Importing needs a connection to the server.",
        Key::ImportRows => "{n} rows",
        Key::ImportFieldOf => "Field for “{column}”",
        Key::PossibleDuplicates => "This may already be here:",
        Key::NameAlike => "name {n}% alike",
        Key::Duplicates => "Duplicates",
        Key::DuplicatesNone => "No possible duplicates found.",
        Key::DuplicatesLooking => "Looking for duplicates…",
        Key::DuplicatesMerge => "Merge into the one kept",
        Key::DuplicatesNotSame => "Not duplicates",
        Key::DuplicatesMore => "and {n} more",
        Key::DuplicatesValue => "Value kept for each field that differs:",
        Key::DuplicatesKeptValue => "— the kept one's —",
        Key::DuplicatesMergeSays => {
            "Choose the record that stays: the others are archived, pointing to it, and their deals, activities and notes move to it."
        }
        Key::MergedInto => "was merged into",
        Key::BringBack => "Bring it back",
        Key::PlainValues => "Plain values",
        Key::PlainValuesHint => "ISO dates and plain numbers, for another program",
        Key::PageNotFound => "There is no such page.",
        Key::SignedInAs => "Signed in as",
        Key::Saved => "Saved",
        Key::RateOf => "1 {n} =",
        Key::CreatedCount => "Created",
        Key::LostCount => "Lost",
        Key::WonCount => "Won",
        Key::Later => "and later",
        Key::ComputedIn => "Computed from this device's copy",
        Key::TargetThisMonth => "Target this month",
        Key::TargetThisQuarter => "Target this quarter",
        Key::FormulaField => "Formula",
        Key::FormulaHint => {
            "Fields by name (x_price) or by label in braces ({label}), links with a dot (company.name), + − * /, & to join text, = != < > <= >=, and, or, not, and: {functions}"
        }
        Key::FormulaGives => "Gives {type}",
        Key::Computed => "Computed",
        Key::FilterButton => "Filter",
        Key::FilterAdd => "Add a condition",
        Key::FilterAddGroup => "Add a group",
        Key::FilterAll => "All of these",
        Key::FilterAny => "Any of these",
        Key::FilterLeftOut => "Left out, as its field no longer exists: {fields}",
        Key::FilterField => "Field",
        Key::FilterOperator => "Condition",
        Key::FilterValue => "Value",
        Key::FilterRemove => "Remove this condition",
        Key::Me => "Me",
        Key::MyTeam => "My team",
        Key::Views => "View",
        Key::AllView => "All",
        Key::SaveView => "Save as a view",
        Key::SaveViewChanges => "Save changes",
        Key::ViewName => "Name of the view",
        Key::SharedWith => "Shared with",
        Key::OnlyMe => "Only me",
        Key::DefaultView => "Open this view by default",
        Key::DeleteView => "Delete this view",
        Key::ViewEdited => "edited",
        Key::ViewGone => "This view was deleted or is not shared with you",
        Key::ValuesConvert => "Values that will convert to the new type: {n}",
        Key::PredictedProbability => "Predicted probability",
        Key::PredictionWhy => "What moved it most",
        Key::ProbabilityByHand => "Set by hand",
        Key::UsePredicted => "Use the prediction",
        Key::EmailQuality => "Email quality",
        Key::PhoneQuality => "Phone quality",
        Key::QualityNone => "none",
        Key::QualityCorrect => "valid",
        Key::QualityIncorrect => "not valid",
        Key::PredictionLearnFrom => "Learn from",
        Key::PredictionStart => "Learn from deals created since",
        Key::PredictionOff => "Prediction is off: choose the day to learn from.",
        Key::LearnNow => "Learn now",
        Key::LearntFrom => "Learnt from {won} won and {lost} lost deals",
        Key::NotLearntYet => {
            "Not learnt yet: the server learns within a minute, or now with “Learn now”."
        }
        Key::PredictionAlways => "The stage and the sales team always count.",
        Key::Raises => "raises it",
        Key::Lowers => "lowers it",
        Key::LeadsPerMonth => "New leads per 30 days",
        Key::Away => "Away",
        Key::AssignNow => "Assign waiting leads now",
        Key::AssignedCount => "Leads given a team: {teams}; given a salesperson: {people}",
        Key::AssignedByRule => "Assigned by the team's rule",
        Key::PerThirtyDays => "leads / 30 days",
        Key::LeadFunnel => "Lead funnel",
        Key::Mql => "MQL",
        Key::Sql => "SQL",
        Key::FunnelMql => "Marketing-qualified (MQL)",
        Key::FunnelSql => "Sales-qualified (SQL)",
        Key::SentBack => "Sent back",
        Key::SendBack => "Send back",
        Key::HandToSales => "Hand to sales",
        Key::WhySentBack => "Why is it sent back?",
        Key::ScoreN => "Score {n}",
        Key::ScoreLikeThese => "Score leads like these",
        Key::ScoringRulesHelp => {
            "A rule gives its points to every lead that meets its conditions; a lead's score is the sum. Build the conditions on the Leads page, then choose \"Score leads like these\"."
        }
        Key::MqlAtHelp => {
            "A lead whose score reaches this is handed to sales once; empty: never by its score."
        }
        Key::NoScoringRules => "No scoring rules yet.",
        Key::ShowTheLeads => "Show the leads",
        Key::RuleAdded => "Rule added: leads like these get {n} points.",
        Key::ScoredBy => "Why this score",
        Key::ShareOfLeads => "Share of leads",
        Key::GiveLikeThese => "Give new leads like these to",
        Key::GivenLikeThese => "{who} now takes new leads like these.",
        Key::TakesLikeThese => "Takes new leads like these",
        Key::AnyLead => "Take any lead",
        Key::Give => "Give",
        Key::GivenToYou => "{what} is yours now.",
        Key::DuplicateGiven => "The same as {what}: given to whoever has it",
        Key::TwinsGiven => "{n} were the same as a lead someone has and went to them.",
        Key::ByTerritory => "By territory",
        Key::TerritoryHelp => {
            "A territory is whole countries, provinces and postcode beginnings. A team, or a member, that covers territories takes new leads there only (Settings → Sales teams)."
        }
        Key::PostcodesHint => "e.g. 70, 71 (commas between)",
        Key::DeletedMeanwhileBy => "{who} deleted «{what}», so your change was not saved",
        Key::DeletedMeanwhileByYou => {
            "You deleted «{what}» in another window or device, so this change was not saved"
        }
        Key::MergeThem => "Merge…",
        Key::JobFailed => {
            "{job} failed on {time} (reference {reference}). It is tried again by itself; this goes once it works."
        }
        Key::JobLeadScoring => "Scoring leads",
        Key::JobAssignment => "Assigning leads",
        Key::JobPrediction => "Learning the predictive probability",
        Key::JobNamesAlike => "Looking for names alike",
        Key::JobFieldPurge => "Removing deleted fields' values",
    }
}
