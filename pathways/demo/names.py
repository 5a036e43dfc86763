"""Names for the demo trust: common in English schools today, drawn with a fixed seed."""

FIRST_NAMES = (
    'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Freya',
    'Willow', 'Florence', 'Emily', 'Ella', 'Poppy', 'Evie', 'Elsie', 'Charlotte', 'Aisha', 'Zara', 'Maryam',
    'Fatima', 'Amira', 'Hannah', 'Chloe', 'Ruby', 'Millie', 'Sienna', 'Niamh', 'Aoife', 'Maja', 'Zofia',
    'Priya', 'Ananya', 'Esme', 'Phoebe', 'Layla', 'Imogen', 'Noah', 'Muhammad', 'George', 'Oliver', 'Leo',
    'Arthur', 'Oscar', 'Theodore', 'Harry', 'Archie', 'Jack', 'Henry', 'Charlie', 'Freddie', 'Alfie',
    'Thomas', 'Finley', 'Jacob', 'Isaac', 'Yusuf', 'Ibrahim', 'Ethan', 'Kai', 'Mason', 'Reuben', 'Tyler',
    'Riley', 'Kacper', 'Jakub', 'Omar', 'Ayaan', 'Arjun', 'Rhys', 'Callum', 'Dylan', 'Connor', 'Kofi',
    'Tomasz', 'Luca', 'Harvey', 'Joshua',
)

LAST_NAMES = (
    'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Wright',
    'Robinson', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson',
    'Clarke', 'Khan', 'Hussain', 'Ahmed', 'Ali', 'Begum', 'Murphy', "O'Brien", 'Kowalski', 'Nowak', 'Okafor',
    'Adeyemi', 'Mensah', 'Campbell', 'Stewart', 'Hughes', 'Edwards', 'Lewis', 'Harris', 'Martin', 'Cooper',
    'Ward', 'Turner', 'Hill', 'Moore', 'Baker', 'Mitchell', 'Singh', 'Kaur', 'Shah', 'Chen', 'Nguyen',
    'Lopez', 'Rossi', 'Fraser', 'Kelly', 'Doyle', 'Byrne', 'Walsh', 'Nolan',
)
