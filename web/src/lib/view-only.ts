/** What a control the person may only VIEW says, wherever it is shown disabled (devices, the alarm, the mode). */
export const VIEW_ONLY = "View only: ask an admin for control";
